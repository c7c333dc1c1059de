"""The services of the platform, one module each, found automatically.

Adding a service: write a module here that defines ``DEFINITION`` (a
:class:`~convenience_center.domain.services.definition.ServiceDefinition`), with the certificate it
issues (the prefix of its numbers, the answers it keeps). Nothing else changes: the catalogue,
guides, wizards, PDF forms, certificates and tests pick it up. A new group of the catalogue
is one declaration in :mod:`~convenience_center.domain.services.groups`.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil

from convenience_center.domain.services.base import Matter
from convenience_center.domain.services.definition import ServiceDefinition

_NOT_SERVICES = {"base", "common", "definition", "groups"}


@functools.cache
def registry() -> dict[str, ServiceDefinition]:
    """Every service definition by code, in catalogue order (group, then module name)."""
    found: list[ServiceDefinition] = []
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name in _NOT_SERVICES or module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        definition = getattr(module, "DEFINITION", None)
        if not isinstance(definition, ServiceDefinition):
            raise TypeError(f"{module.__name__} defines no DEFINITION")
        found.append(definition)
    found.sort(key=lambda d: d.group.order)
    codes = [d.code for d in found]
    if len(codes) != len(set(codes)):
        raise ValueError(f"duplicate service codes: {codes}")
    return {d.code: d for d in found}


def get_service(code: str) -> ServiceDefinition | None:
    """The service with ``code``, or ``None``."""
    return registry().get(code)


def get_matter(service_code: str, matter_code: str) -> tuple[ServiceDefinition, Matter] | None:
    """A service and one of its matters, or ``None`` if either does not exist."""
    service = get_service(service_code)
    if service is None:
        return None
    for matter in service.matters:
        if matter.code == matter_code:
            return service, matter
    return None
