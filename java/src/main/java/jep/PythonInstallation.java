package jep;

import java.nio.file.Path;
import java.util.List;

/**
 * The CPython installation krait runs, as chosen by {@link PythonFinder} and described by
 * the Python itself.
 *
 * @param source where the Python came from, such as {@code system property krait.python}
 * @param command the Python program that was run to describe the installation
 * @param version the full version, such as {@code 3.12.1}
 * @param executable {@code sys.executable} of that Python
 * @param basePrefix {@code sys.base_prefix}, the installation holding the standard library
 * @param siteDirs the site-packages directories of a virtualenv, empty outside one
 * @param libpython the shared libpython to load
 */
record PythonInstallation(
        String source,
        Path command,
        String version,
        String executable,
        String basePrefix,
        List<String> siteDirs,
        Path libpython) {

    /** Returns the minor version, such as 12 for CPython 3.12.1. */
    int minorVersion() {
        return PythonFinder.minorVersion(version);
    }
}
