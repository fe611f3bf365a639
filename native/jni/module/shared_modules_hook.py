# krait's `jep.shared_modules_hook` (Jep's module name): the meta-path importer that
# gives legacy sub-interpreters the main interpreter's copy of the modules listed in
# JepConfig.addSharedModules. The importer itself lives in `_jep`.

from _jep import _SharedModuleImporter as JepSharedModuleImporter

__all__ = ['JepSharedModuleImporter']
