from importlib import import_module
from types import ModuleType


def optional_app_module(app: str, name: str) -> ModuleType | None:
    """`<app>.<name>` if the app has it (navigation, demo data, permission matrix), else None.

    Only the module's own absence counts as "has none": an import error inside it is raised, so a
    broken module cannot silently drop a menu, demo data or permission cases.
    """
    try:
        return import_module(f"{app}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app}.{name}":
            raise
        return None
