package jep;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A Python interpreter usable from the Java thread that created it.
 *
 * <p>Every method throws {@link JepException} when called from another thread, after
 * {@link #close()}, or when Python raises an exception.
 */
public interface Interpreter extends AutoCloseable {

    /**
     * Calls a Python callable with positional arguments.
     *
     * @param name the name of the callable, possibly dotted such as {@code "obj.method"}
     * @param args the positional arguments
     * @return the result converted to a Java object
     * @throws JepException if the call fails
     */
    @Nullable Object invoke(String name, @Nullable Object... args) throws JepException;

    /**
     * Calls a Python callable with keyword arguments.
     *
     * @param name the name of the callable, possibly dotted such as {@code "obj.method"}
     * @param kwargs the keyword arguments
     * @return the result converted to a Java object
     * @throws JepException if the call fails
     */
    @Nullable Object invoke(String name, Map<String, @Nullable Object> kwargs) throws JepException;

    /**
     * Calls a Python callable with positional and keyword arguments.
     *
     * @param name the name of the callable, possibly dotted such as {@code "obj.method"}
     * @param args the positional arguments
     * @param kwargs the keyword arguments
     * @return the result converted to a Java object
     * @throws JepException if the call fails
     */
    @Nullable Object invoke(String name, @Nullable Object[] args, Map<String, @Nullable Object> kwargs) throws JepException;

    /**
     * Runs one statement, or a whole block such as a {@code def} with its body, as Jep does
     * (an incomplete first line is buffered until an empty line; see {@link Jep#eval}).
     *
     * @param line the Python source
     * @return true if a statement ran, false if nothing ran (empty, or more lines needed)
     * @throws JepException if the statement has a syntax error or fails
     */
    boolean eval(String line) throws JepException;

    /**
     * Executes Python source code, which may span many lines.
     *
     * @param code the Python source
     * @throws JepException if the code fails
     */
    void exec(String code) throws JepException;

    /**
     * Runs a Python script file in this interpreter.
     *
     * @param path the path of the script
     * @throws JepException if the file does not exist or the script fails
     */
    void runScript(String path) throws JepException;

    /**
     * Evaluates a Python expression and converts the result with the default conversions.
     *
     * @param expr the Python expression
     * @return the value converted to a Java object
     * @throws JepException if evaluation fails
     */
    @Nullable Object getValue(String expr) throws JepException;

    /**
     * Evaluates a Python expression and converts the result to the given type.
     *
     * @param <T> the Java type of the result
     * @param expr the Python expression
     * @param clazz the Java type to convert to
     * @return the converted value
     * @throws JepException if evaluation or conversion fails
     */
    <T> @Nullable T getValue(String expr, Class<T> clazz) throws JepException;

    /**
     * Binds a Java value to a name in the interpreter's globals.
     *
     * @param name the Python variable name
     * @param value the value, converted to Python
     * @throws JepException if the conversion fails
     */
    void set(String name, @Nullable Object value) throws JepException;

    /**
     * Returns an interpreter for the calling thread over the same Python interpreter.
     *
     * @param shareGlobals whether the new interpreter shares this interpreter's globals
     * @return the attached interpreter
     */
    Interpreter attach(boolean shareGlobals);

    /**
     * Closes the interpreter; further use throws {@link JepException}. Closing twice is
     * allowed.
     *
     * @throws JepException if Python cannot be shut down cleanly
     */
    @Override
    void close() throws JepException;
}
