package krait.script;

import java.util.List;
import java.util.stream.Collectors;

import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;

import org.jspecify.annotations.Nullable;

/**
 * krait's JSR-223 factory: {@code javax.script} finds it by the names {@code python},
 * {@code python3} and {@code krait}, the extension {@code py} and the MIME types
 * {@code text/x-python} and {@code text/python}.
 *
 * <p>{@link #getParameter getParameter("THREADING")} is {@code "MULTITHREADED"}: an engine
 * may be used from any thread, and from several at once, because it runs all its Python on
 * a thread of its own, one piece of work at a time (see {@link KraitScriptEngine}). Scripts
 * of one engine therefore never run in parallel, and a long script delays the others; use
 * one engine per task for parallelism.
 */
public final class KraitScriptEngineFactory implements ScriptEngineFactory {

    private static final List<String> NAMES = List.of("python", "python3", "krait");
    private static final List<String> EXTENSIONS = List.of("py");
    private static final List<String> MIME_TYPES = List.of("text/x-python", "text/python");

    /** Creates the factory; {@code ScriptEngineManager} finds it through {@code META-INF/services}. */
    public KraitScriptEngineFactory() {
    }

    @Override
    public String getEngineName() {
        return "krait";
    }

    @Override
    public String getEngineVersion() {
        Package p = KraitScriptEngineFactory.class.getPackage();
        String version = p == null ? null : p.getImplementationVersion();
        return version == null ? "0.1.0" : version;
    }

    @Override
    public List<String> getExtensions() {
        return EXTENSIONS;
    }

    @Override
    public List<String> getMimeTypes() {
        return MIME_TYPES;
    }

    @Override
    public List<String> getNames() {
        return NAMES;
    }

    @Override
    public String getLanguageName() {
        return "python";
    }

    /** The major version of the language; the exact CPython is chosen when an engine starts. */
    @Override
    public String getLanguageVersion() {
        return "3";
    }

    @Override
    public @Nullable Object getParameter(String key) {
        return switch (key) {
            case ScriptEngine.ENGINE -> getEngineName();
            case ScriptEngine.ENGINE_VERSION -> getEngineVersion();
            case ScriptEngine.LANGUAGE -> getLanguageName();
            case ScriptEngine.LANGUAGE_VERSION -> getLanguageVersion();
            case ScriptEngine.NAME -> NAMES.get(0);
            case "THREADING" -> "MULTITHREADED";
            default -> null;
        };
    }

    @Override
    public String getMethodCallSyntax(String obj, String method, String... args) {
        return obj + "." + method + "(" + String.join(", ", args) + ")";
    }

    @Override
    public String getOutputStatement(String toDisplay) {
        return "print(" + pythonString(toDisplay) + ")";
    }

    @Override
    public String getProgram(String... statements) {
        return List.of(statements).stream().collect(Collectors.joining("\n", "", "\n"));
    }

    /**
     * Opens a new Python interpreter (a {@code SharedInterpreter}) on the engine's own thread.
     *
     * @throws IllegalStateException when no interpreter can be opened (no usable CPython)
     */
    @Override
    public ScriptEngine getScriptEngine() {
        return new KraitScriptEngine(this);
    }

    /** A Python string literal for any text. */
    private static String pythonString(String text) {
        StringBuilder literal = new StringBuilder("'");
        text.codePoints().forEach(c -> {
            if (c == '\\' || c == '\'') {
                literal.append('\\').appendCodePoint(c);
            } else if (c < 0x20 || c == 0x7f) {
                literal.append(String.format("\\x%02x", c));
            } else {
                literal.appendCodePoint(c);
            }
        });
        return literal.append('\'').toString();
    }
}
