package jep;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Chooses the CPython krait embeds and checks that it can be embedded.
 *
 * <p>The sources, in order: the system property {@code krait.python}, the environment
 * variable {@code KRAIT_PYTHON}, the home of the {@link PyConfig} (when set), the active
 * virtualenv ({@code VIRTUAL_ENV}), and {@code python3} on {@code PATH}. The first three
 * name a Python explicitly, so when one of them is set but unusable the search stops there
 * instead of quietly using another Python. The chosen program is run once (see
 * {@link PythonProbe}) to learn its version and where its shared libpython is.
 */
final class PythonFinder {

    /** The system property naming the Python: an executable or a prefix/virtualenv directory. */
    static final String PROPERTY = "krait.python";

    /** The environment variable naming the Python, read when the property is not set. */
    static final String ENVIRONMENT_VARIABLE = "KRAIT_PYTHON";

    /** How to point krait at a Python; ends every error message about finding Python. */
    static final String HOW_TO_FIX = "Set -Dkrait.python=/path/to/python3 (an executable or a Python "
            + "prefix/virtualenv) or the KRAIT_PYTHON environment variable.";

    /** Says which Python was chosen and why, and each source tried before it. */
    private static final System.Logger LOG = System.getLogger("krait.python");

    /** The places inside a prefix or virtualenv directory where its Python program lives. */
    private static final List<String> PROGRAMS_IN_PREFIX = List.of("bin/python3", "bin/python", "python3");

    /** Runs a Python program and returns what the probe printed. */
    @FunctionalInterface
    interface Prober {

        /**
         * Runs the probe with the given Python.
         *
         * @param python the Python program
         * @return the probe's standard output
         * @throws IOException with a readable reason when the Python does not run
         */
        String probe(Path python) throws IOException;
    }

    /** A Python program and where it came from. */
    private record Candidate(String source, Path python) {

        String describe() {
            return python + " (" + source + ")";
        }
    }

    private final String property;
    private final Map<String, String> environment;
    private final String home;
    private final Prober prober;

    /**
     * Creates a finder over explicit inputs.
     *
     * @param property the value of {@code krait.python}, or null
     * @param environment the environment ({@code KRAIT_PYTHON}, {@code VIRTUAL_ENV}, {@code PATH})
     * @param home the home set in the {@link PyConfig}, or null
     * @param prober runs the probe with a Python program
     */
    PythonFinder(String property, Map<String, String> environment, String home, Prober prober) {
        this.property = property;
        this.environment = environment;
        this.home = home;
        this.prober = prober;
    }

    /**
     * Creates a finder over this process's system properties and environment.
     *
     * @param home the home set in the {@link PyConfig}, or null
     * @return the finder
     */
    static PythonFinder forThisProcess(String home) {
        return new PythonFinder(System.getProperty(PROPERTY), System.getenv(), home, PythonProbe::run);
    }

    /**
     * Chooses the Python, runs it once and checks that krait can embed it.
     *
     * @return the installation to load
     * @throws JepException saying what was tried and how to fix it when no usable Python
     *     is found
     */
    PythonInstallation find() {
        Candidate candidate = choose();
        Map<String, List<String>> facts = probe(candidate);
        String version = fact(facts, "version");
        String implementation = fact(facts, "implementation");
        if (version.isEmpty() || minorVersion(version) < 0) {
            throw new JepException(candidate.describe() + " did not report its version as expected. "
                    + HOW_TO_FIX);
        }
        if (!implementation.isEmpty() && !"cpython".equals(implementation)) {
            throw new JepException("krait supports CPython only; " + candidate.describe() + " is "
                    + implementation + " " + version + ". " + HOW_TO_FIX);
        }
        int minor = minorVersion(version);
        if (!version.startsWith("3.") || !SupportedPythons.minors().contains(minor)) {
            throw new JepException("krait supports CPython 3." + SupportedPythons.oldest() + " to 3."
                    + SupportedPythons.newest() + "; "
                    + candidate.describe() + " is " + version + ". " + HOW_TO_FIX);
        }
        if ("1".equals(fact(facts, "gil_disabled"))) {
            throw new JepException(candidate.describe() + " is a free-threaded build of CPython " + version
                    + ", which krait does not support; use a build with the GIL. " + HOW_TO_FIX);
        }
        String executable = fact(facts, "executable");
        LOG.log(System.Logger.Level.DEBUG, "{0} is CPython {1}", candidate.describe(), version);
        return new PythonInstallation(
                candidate.source(),
                candidate.python(),
                version,
                executable.isEmpty() ? candidate.python().toString() : executable,
                fact(facts, "base_prefix"),
                List.copyOf(facts.getOrDefault("site", List.of())),
                findLibpython(candidate, version, facts));
    }

    /**
     * Returns the minor version of a version string such as {@code 3.12.1}, or -1 when it
     * cannot be read.
     */
    static int minorVersion(String version) {
        String[] parts = version.split("\\.");
        if (parts.length < 2) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Candidate choose() {
        List<String> tried = new ArrayList<>();
        Candidate chosen = chooseRecording(tried);
        for (String source : tried) {
            LOG.log(System.Logger.Level.DEBUG, "Python candidate skipped: {0}", source);
        }
        LOG.log(System.Logger.Level.DEBUG, "Python chosen: {0}", chosen.describe());
        return chosen;
    }

    /** Chooses the Python, adding each source that gave none to {@code tried}. */
    private Candidate chooseRecording(List<String> tried) {
        if (isSet(property)) {
            return explicit("system property " + PROPERTY, property);
        }
        tried.add("system property " + PROPERTY + ": not set");
        String fromEnvironment = environment.get(ENVIRONMENT_VARIABLE);
        if (isSet(fromEnvironment)) {
            return explicit(ENVIRONMENT_VARIABLE, fromEnvironment);
        }
        tried.add(ENVIRONMENT_VARIABLE + ": not set");
        if (isSet(home)) {
            return explicit("PyConfig home", home);
        }
        String virtualEnv = environment.get("VIRTUAL_ENV");
        if (isSet(virtualEnv)) {
            Path python = Path.of(virtualEnv, "bin", "python");
            if (isProgram(python)) {
                return new Candidate("VIRTUAL_ENV", python.toAbsolutePath());
            }
            tried.add("VIRTUAL_ENV (" + virtualEnv + "): " + python + " not found");
        } else {
            tried.add("VIRTUAL_ENV: not set");
        }
        String path = environment.get("PATH");
        if (isSet(path)) {
            Path python = searchPath("python3", path);
            if (python != null) {
                return new Candidate("python3 on PATH", python);
            }
            tried.add("python3 on PATH (" + path + "): not found");
        } else {
            tried.add("python3 on PATH: PATH not set");
        }
        throw new JepException("krait found no Python to load. Tried: " + String.join("; ", tried) + ". "
                + HOW_TO_FIX);
    }

    /** Resolves a Python named by the user; any problem is an error, never a fallback. */
    private Candidate explicit(String source, String value) {
        String problem;
        try {
            Path given = Path.of(value);
            if (Files.isDirectory(given)) {
                for (String program : PROGRAMS_IN_PREFIX) {
                    Path python = given.resolve(program);
                    if (isProgram(python)) {
                        return new Candidate(source, python.toAbsolutePath());
                    }
                }
                problem = "it is a directory without any of " + String.join(", ", PROGRAMS_IN_PREFIX);
            } else if (Files.isRegularFile(given)) {
                if (Files.isExecutable(given)) {
                    return new Candidate(source, given.toAbsolutePath());
                }
                problem = "it is not executable";
            } else if (!value.contains(File.separator)) {
                Path python = searchPath(value, environment.get("PATH"));
                if (python != null) {
                    return new Candidate(source, python);
                }
                problem = "it does not exist and is not a program on PATH (" + environment.get("PATH") + ")";
            } else {
                problem = "it does not exist";
            }
        } catch (InvalidPathException e) {
            problem = "it is not a valid path (" + e.getMessage() + ")";
        }
        throw new JepException(source + " is set to " + value + ", but " + problem
                + ". krait does not look for another Python while " + source + " is set. " + HOW_TO_FIX);
    }

    private Map<String, List<String>> probe(Candidate candidate) {
        String output;
        try {
            output = prober.probe(candidate.python());
        } catch (IOException e) {
            String reason = e.getMessage().strip();
            throw new JepException("krait could not run " + candidate.describe() + ": " + reason
                    + (reason.endsWith(".") ? " " : ". ") + HOW_TO_FIX, e);
        }
        Map<String, List<String>> facts = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                facts.computeIfAbsent(line.substring(0, equals), key -> new ArrayList<>())
                        .add(line.substring(equals + 1).stripTrailing());
            }
        }
        return facts;
    }

    private static Path findLibpython(Candidate candidate, String version, Map<String, List<String>> facts) {
        String libdir = fact(facts, "libdir");
        String instsoname = fact(facts, "instsoname");
        String ldlibrary = fact(facts, "ldlibrary");
        String basePrefix = fact(facts, "base_prefix");
        String multiarch = fact(facts, "multiarch");
        Set<Path> looked = new LinkedHashSet<>();
        addLibrary(looked, libdir, instsoname);
        addLibrary(looked, libdir, ldlibrary);
        addLibrary(looked, basePrefix.isEmpty() ? "" : basePrefix + "/lib", instsoname);
        addLibrary(looked, multiarch.isEmpty() || libdir.isEmpty() ? "" : libdir + "/" + multiarch, instsoname);
        addLibrary(looked, multiarch.isEmpty() ? "" : "/usr/lib/" + multiarch, instsoname);
        for (Path library : looked) {
            LOG.log(System.Logger.Level.DEBUG, "libpython candidate: {0}", library);
            if (Files.isRegularFile(library)) {
                return library.toAbsolutePath();
            }
        }
        String lookedAt = looked.isEmpty() ? "nowhere, as sysconfig names no shared library"
                : String.join(", ", looked.stream().map(Path::toString).toList());
        throw new JepException("No shared libpython found for CPython " + version + " at " + candidate.describe()
                + " (sysconfig: Py_ENABLE_SHARED=" + fact(facts, "shared") + ", LDLIBRARY=" + ldlibrary
                + ", INSTSONAME=" + instsoname + "); looked at " + lookedAt + ". krait loads CPython as a shared "
                + "library, so CPython must be built with --enable-shared (with pyenv: "
                + "PYTHON_CONFIGURE_OPTS=--enable-shared pyenv install " + version + "; on Debian or Ubuntu: "
                + "install libpython3." + minorVersion(version) + "). " + HOW_TO_FIX);
    }

    /** Adds dir/name when both are known and name is a shared library, not a static archive. */
    private static void addLibrary(Set<Path> libraries, String dir, String name) {
        if (dir.isEmpty() || name.isEmpty() || !name.contains(".so")) {
            return;
        }
        try {
            libraries.add(Path.of(dir, name));
        } catch (InvalidPathException e) {
            // A path Python reported that this platform cannot express is not a candidate.
        }
    }

    private static Path searchPath(String program, String path) {
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            try {
                Path python = Path.of(dir, program);
                if (isProgram(python)) {
                    return python.toAbsolutePath();
                }
            } catch (InvalidPathException e) {
                // An entry of PATH that is not a valid path holds no program.
            }
        }
        return null;
    }

    private static boolean isProgram(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }

    private static String fact(Map<String, List<String>> facts, String key) {
        List<String> values = facts.get(key);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }
}
