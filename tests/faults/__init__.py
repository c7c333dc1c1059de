"""Fault drills (issue 11, section 2): real servers on loopback stopped and started under the
platform; each drill asserts what the user or the recipient sees and that nothing was lost."""
