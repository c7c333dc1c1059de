"""Long texts: the Notes for users and the privacy notice, with the versions users agree to.

When the text of either document changes in substance, raise its version: registrations
record which version was agreed to.
"""

from __future__ import annotations

TERMS_VERSION = "2026-11-26"
PRIVACY_VERSION = "2026-11-26"

# Each document: a list of (heading, [paragraphs]); a heading of "" continues the previous part.
NOTES_FOR_USERS: dict[str, list[tuple[str, list[str]]]] = {
    "zh": [
        ("", [
            "“河南省人口和计划生育网上便民服务中心”是河南省人口和计划生育委员会按照国家和省政府"
            "有关文件要求，为全省各级人口计生部门和社会公众提供办证申请、咨询投诉、政务公开等"
            "管理服务的网上便民平台。使用本平台的用户须知悉以下事项：",
        ]),
        ("一、用户注册", [
            "申请注册：凡符合办理相关证件条件、希望通过互联网获得办证、信息查询、政策咨询、"
            "投诉建议等服务的人员，均可取得注册资格，成为本平台用户。",
            "注册信息：在本平台注册时，用户应按照法律法规及相关协议的要求实行实名注册，准确、"
            "及时填写并提供姓名、电子邮箱、身份证号码、联系电话等相关信息，以便平台或工作人员"
            "能够与其有效联系。因通过上述联系方式无法与其取得联系而导致的在使用平台服务过程中"
            "产生的任何损失，由用户自行承担。",
            "用户密码：取得注册资格后，本平台将为用户提供唯一的用户名和密码。用户取得平台账号后"
            "可以修改密码。",
            "用户应对其使用的安全及其行为负责。用户名和密码不得以任何方式转让给他人。如发现他人"
            "不当使用其用户名和密码，应立即以有效方式通知本平台管理人员，要求暂停相关服务并重置"
            "用户名和密码。",
            "本平台提供通过注册电子邮箱找回密码的功能。",
        ]),
        ("二、服务范围", [
            "1. 符合相关政策条件的，可在网上申请和注销常住人口独生子女证、流动人口二孩生育证、"
            "跨省流动人口独生子女证、独生子女父母光荣证，申请设立和变更计划生育技术服务机构，"
            "申请和校验计划生育技术服务机构执业许可证，办理和校验计划生育技术服务人员合格证；",
            "2. 在网上下载上述服务或审批事项的申请表；",
            "3. 在网上填写各类申请表；",
            "4. 在网上查询办理事项的政策条件、办理进度、办理状态等信息；",
            "5. 在网上对各办事机构和人员的服务质量进行反馈，或提出投诉和建议。",
        ]),
    ],
    "en": [
        ("", [
            "The Henan Population and Family Planning Online Convenience Service Center is the "
            "online platform of the Henan Population and Family Planning Commission. In line "
            "with the documents of the State and of the provincial government, it provides the "
            "population and family planning departments at all levels in the province, and the "
            "public, with services such as applications for certificates, consultation and "
            "complaints, and the openness of government affairs. Users of this platform must "
            "know the following.",
        ]),
        ("First, user registration", [
            "Application for registration: anyone who meets the requirements for the "
            "certificates concerned and wants to use services such as certificate applications, "
            "information enquiries, policy consultation, complaints and suggestions over the "
            "Internet can register and become a user of this platform.",
            "Registration information: users register under their real name, as laws, "
            "regulations and the related agreements require, and give accurate information in "
            "time — name, e-mail address, ID number, contact telephone number and the like — "
            "so that the platform and its staff can reach them. Users bear any loss in the use "
            "of the platform's services that arises because they cannot be reached through "
            "these contact details.",
            "User password: once registered, the user has a user name, unique on this "
            "platform, and a password. Users can change their password at any time.",
            "Users are responsible for the safe use of their account and for what they do with "
            "it. The user name and password must not be passed on to anyone in any way. Anyone "
            "who finds that someone else has improperly used their user name and password must "
            "tell the platform's administrators at once, in an effective way, and ask for the "
            "services concerned to be suspended and for the user name and password to be reset.",
            "The platform lets users recover their password through their registered e-mail "
            "address.",
        ]),
        ("Second, the scope of services", [
            "1. Where the policy conditions are met, apply online for, and cancel: the "
            "one-child birth certificate for permanent residents, the two-child birth "
            "certificate for the floating population, the one-child birth certificate for the "
            "floating population across provinces, and the certificate of honour for parents of "
            "only children; apply for the establishment and change of family planning technical "
            "service institutions; apply for and verify the practice licence of technical "
            "service institutions; obtain and verify the certificate of technical service "
            "personnel.",
            "2. Download the application forms of these services and approval items.",
            "3. Fill in all kinds of application forms online.",
            "4. Look up online the policy conditions, progress, status and other information of "
            "the matters applied for.",
            "5. Give feedback online on the service quality of offices and staff, or make "
            "complaints and suggestions.",
        ]),
    ],
}

PRIVACY_NOTICE: dict[str, list[tuple[str, list[str]]]] = {
    "zh": [
        ("", [
            "本告知依据《中华人民共和国个人信息保护法》说明本平台如何处理您的个人信息。"
            "您在注册时勾选同意，即表示已阅读并同意本告知。",
        ]),
        ("我们收集哪些信息", [
            "姓名、用户名、电子邮箱、居民身份证号码、手机号码和密码（仅保存不可逆的加密摘要）；"
            "登录时间和访问地址（IP）；您日后提交的申请、咨询和投诉内容。",
        ]),
        ("为什么需要身份证号码", [
            "身份证号码属于敏感个人信息。办理计划生育相关证件依法须核实申请人的真实身份，"
            "并用于确认同一人只注册一个账号、在您报告账号被冒用时核实身份、以及自动填写申请表"
            "中的出生日期、性别等信息，避免重复填写。",
        ]),
        ("如何保护", [
            "身份证号码加密存储，比对时只使用带密钥的摘要；注册后在任何页面只显示遮蔽后的号码"
            "（如 4101**********1234）。所有访问均经过身份验证，管理操作记入不可修改的审计日志。",
        ]),
        ("谁能看到", [
            "您本人；受理和审批您所申请事项的各级人口计生部门工作人员（仅限其管辖范围内的案件）；"
            "负责账号安全的系统管理员（只能看到遮蔽后的身份证号码）。我们不会向任何第三方出售或"
            "提供您的个人信息，法律法规另有规定的除外。",
        ]),
        ("保存多久", [
            "账号信息在账号存续期间保存；注销账号后，除法律法规要求保存的办件档案外，"
            "个人信息在 30 日内删除或匿名化。登录和审计记录保存 3 年。",
        ]),
        ("您的权利", [
            "您可以在“我的账号”中查看并更正电子邮箱和手机号码，可以申请复制、更正或删除您的"
            "个人信息，或撤回同意（撤回后将无法继续在线办理业务）。请通过“报告账号被冒用”页面"
            "或当地人口计生部门与我们联系。",
        ]),
    ],
    "en": [
        ("", [
            "This notice explains, as the Personal Information Protection Law of the People's "
            "Republic of China requires, how this platform handles your personal information. "
            "By ticking the box when you register you confirm that you have read and agree to it.",
        ]),
        ("What we collect", [
            "Your name, user name, e-mail address, resident ID number, mobile number and "
            "password (kept only as an irreversible hash); when and from which address (IP) you "
            "sign in; and what you later submit in applications, questions and complaints.",
        ]),
        ("Why we need your ID number", [
            "The ID number is sensitive personal information. By law, certificates of family "
            "planning can only be issued after the applicant's real identity is checked. We also "
            "use it to make sure one person has one account, to check that it is you when you "
            "report misuse of your account, and to fill in your date of birth and sex on "
            "application forms so that you do not have to type them again.",
        ]),
        ("How we protect it", [
            "Your ID number is stored encrypted and compared only through a keyed fingerprint; "
            "after registration every page shows it masked (like 4101**********1234). Every "
            "access is authenticated, and administrative actions are written to an audit log "
            "that cannot be changed.",
        ]),
        ("Who can see it", [
            "You; the staff of the population and family planning departments who handle and "
            "approve what you apply for (only for cases in their jurisdiction); and the "
            "administrators responsible for account security (who see your ID number masked "
            "only). We do not sell or give your personal information to anyone else, unless a "
            "law or regulation requires it.",
        ]),
        ("How long we keep it", [
            "Account information is kept while the account exists. When an account is closed, "
            "personal information is deleted or anonymised within 30 days, except case records "
            "that the law requires to be kept. Sign-in and audit records are kept for 3 years.",
        ]),
        ("Your rights", [
            "You can see and correct your e-mail address and mobile number under \"My account\", "
            "ask for a copy of your personal information, its correction or deletion, or "
            "withdraw your consent (after which you can no longer apply online). Contact us "
            "through the \"Report misuse\" page or your local population and family planning "
            "office.",
        ]),
    ],
}
