package jep;

import java.io.File;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Settings for opening an interpreter: include paths, class loader and sub-interpreter
 * options.
 */
public class JepConfig {

    private final List<String> includePaths = new ArrayList<>();
    private ClassLoader classLoader;
    private ClassEnquirer classEnquirer;
    private Set<String> sharedModules = new LinkedHashSet<>();
    private OutputStream stdout;
    private OutputStream stderr;
    private SubInterpreterOptions subInterpreterOptions;

    /** Creates a configuration with no include paths and default options. */
    public JepConfig() {
    }

    /**
     * Replaces the include paths, which are prepended to {@code sys.path}.
     *
     * @param includePath directories separated by {@link File#pathSeparator}, or null for none
     * @return this configuration
     */
    public JepConfig setIncludePath(String includePath) {
        includePaths.clear();
        if (includePath != null) {
            addIncludePaths(includePath.split(File.pathSeparator));
        }
        return this;
    }

    /**
     * Appends include paths, which are prepended to {@code sys.path}.
     *
     * @param includePaths directories; empty entries are ignored
     * @return this configuration
     */
    public JepConfig addIncludePaths(String... includePaths) {
        if (includePaths != null) {
            for (String path : includePaths) {
                if (path != null && !path.isEmpty()) {
                    this.includePaths.add(path);
                }
            }
        }
        return this;
    }

    /**
     * Sets the class loader used to find Java classes imported from Python.
     *
     * @param classLoader the class loader, or null for the default
     * @return this configuration
     */
    public JepConfig setClassLoader(@Nullable ClassLoader classLoader) {
        this.classLoader = classLoader;
        return this;
    }

    /**
     * Sets the class enquirer that decides which Python imports are Java packages
     * ({@code import java.util}); by default the class path and the JDK are scanned.
     *
     * @param classEnquirer the enquirer, or null for the default
     * @return this configuration
     */
    public JepConfig setClassEnquirer(@Nullable ClassEnquirer classEnquirer) {
        this.classEnquirer = classEnquirer;
        return this;
    }

    /**
     * Sends Python's {@code sys.stdout} (print, {@code sys.stdout.write}) to a Java stream,
     * as UTF-8, flushed on every write. For shared interpreters this redirects the one
     * shared {@code sys}.
     *
     * @param outputStream the stream
     * @return this configuration
     */
    public JepConfig redirectStdout(@Nullable OutputStream outputStream) {
        this.stdout = outputStream;
        return this;
    }

    /**
     * Sends Python's {@code sys.stderr} (tracebacks Python prints, warnings) to a Java
     * stream, as UTF-8, flushed on every write.
     *
     * @param outputStream the stream
     * @return this configuration
     */
    public JepConfig redirectStdErr(@Nullable OutputStream outputStream) {
        this.stderr = outputStream;
        return this;
    }

    /**
     * Sets the modules that sub-interpreters take from the main interpreter instead of
     * importing their own copy (with their submodules): for C extensions such as numpy
     * that load only once per process. Needs legacy (shared-GIL) sub-interpreters.
     *
     * @param sharedModules the top-level module names
     * @return this configuration
     */
    public JepConfig setSharedModules(Set<String> sharedModules) {
        this.sharedModules = new LinkedHashSet<>(sharedModules);
        return this;
    }

    /**
     * Adds modules to {@link #setSharedModules(Set)}.
     *
     * @param sharedModule the top-level module names
     * @return this configuration
     */
    public JepConfig addSharedModules(String... sharedModule) {
        sharedModules.addAll(Arrays.asList(sharedModule));
        return this;
    }

    /**
     * Sets the options of sub-interpreters opened with this configuration.
     *
     * @param subInterpreterOptions the options, or null for {@link SubInterpreterOptions#legacy()}
     * @return this configuration
     */
    public JepConfig setSubInterpreterOptions(@Nullable SubInterpreterOptions subInterpreterOptions) {
        this.subInterpreterOptions = subInterpreterOptions;
        return this;
    }

    /**
     * Opens a sub-interpreter with this configuration on the calling thread.
     *
     * @return the new sub-interpreter
     * @throws JepException if the interpreter cannot be opened
     */
    public SubInterpreter createSubInterpreter() throws JepException {
        return new SubInterpreter(this);
    }

    /** Returns the include paths in order. */
    List<String> getIncludePaths() {
        return Collections.unmodifiableList(includePaths);
    }

    /** Returns the class loader, or null when none was set. */
    ClassLoader getClassLoader() {
        return classLoader;
    }

    /** The modules shared from the main interpreter. */
    Set<String> getSharedModules() {
        return sharedModules;
    }

    /** The stream for Python's stdout, or null. */
    OutputStream getStdout() {
        return stdout;
    }

    /** The stream for Python's stderr, or null. */
    OutputStream getStderr() {
        return stderr;
    }

    /** The class enquirer, or the default one when none was set. */
    ClassEnquirer getClassEnquirer() {
        return classEnquirer != null ? classEnquirer : ClassEnquirers.defaultEnquirer();
    }

    /** Returns the sub-interpreter options, or null for legacy ones. */
    SubInterpreterOptions getSubInterpreterOptions() {
        return subInterpreterOptions;
    }

    /**
     * Describes the configuration.
     *
     * @return the settings with their values
     */
    @Override
    public String toString() {
        return "JepConfig[includePaths=" + includePaths
                + ", classLoader=" + classLoader
                + ", subInterpreterOptions=" + subInterpreterOptions
                + "]";
    }

    private static UnsupportedOperationException unsupported(String method) {
        return new UnsupportedOperationException("JepConfig." + method + " is not supported by krait yet");
    }
}
