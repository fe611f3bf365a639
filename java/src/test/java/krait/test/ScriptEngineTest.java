package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntBinaryOperator;

import javax.script.Bindings;
import javax.script.Compilable;
import javax.script.CompiledScript;
import javax.script.Invocable;
import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineFactory;
import javax.script.ScriptEngineManager;
import javax.script.ScriptException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** krait's JSR-223 engine (issue 13, item 3), used only through the javax.script API. */
class ScriptEngineTest {

    /** Implemented by Python functions and objects through Invocable.getInterface. */
    public interface Shapes {
        /**
         * @param side a side
         * @return its square's area
         */
        long area(long side);

        /**
         * @param name a name
         * @return a label
         */
        String label(String name);
    }

    private final ScriptEngineManager manager = new ScriptEngineManager();
    private ScriptEngine engine;

    @BeforeEach
    void open() {
        engine = manager.getEngineByName("python");
        assertNotNull(engine, "javax.script finds krait by the name python");
    }

    @AfterEach
    void close() throws Exception {
        ((AutoCloseable) engine).close();
    }

    @Test
    void foundByEveryNameExtensionAndMimeType() throws Exception {
        List<ScriptEngine> found = new ArrayList<>();
        for (String name : List.of("python3", "krait")) {
            found.add(manager.getEngineByName(name));
        }
        found.add(manager.getEngineByExtension("py"));
        found.add(manager.getEngineByMimeType("text/x-python"));
        for (ScriptEngine other : found) {
            assertNotNull(other);
            assertEquals("krait", other.getFactory().getEngineName());
            assertEquals(7L, other.eval("3 + 4"), "each engine runs Python");
            ((AutoCloseable) other).close();
        }
        ScriptEngineFactory factory = engine.getFactory();
        assertEquals("python", factory.getLanguageName());
        assertEquals("MULTITHREADED", factory.getParameter("THREADING"));
        assertEquals("print('it\\'s')", factory.getOutputStatement("it's"));
    }

    @Test
    void theReadmeSnippet() throws Exception {
        ScriptEngine py = new ScriptEngineManager().getEngineByName("python");
        py.put("xs", List.of(3, 1, 2));
        Object top = py.eval("ys = sorted(xs)\nys[-1]");
        Object ys = py.get("ys");
        assertEquals(3L, top);
        assertEquals(List.of(1L, 2L, 3L), ys);
        assertEquals(3L, ((Invocable) py).invokeFunction("len", ys), "builtins are functions too");
        py.put("n", 0);
        CompiledScript step = ((Compilable) py).compile("n = n + 1");
        step.eval();
        step.eval();
        assertEquals(2L, py.get("n"));
        ((AutoCloseable) py).close();
    }

    @Test
    void evalReturnsTheLastExpressionAndReadsReaders() throws Exception {
        assertEquals(42L, engine.eval("x = 6\ny = 7\nx * y"));
        assertNull(engine.eval("z = x + y"), "a script ending in a statement has no value");
        assertEquals(13L, engine.eval(new StringReader("z")));
        assertEquals(List.of(1L, 2L), engine.eval("[1, 2]"));
    }

    @Test
    void putAndGetAreThePythonGlobals() throws Exception {
        engine.put("name", "krait");
        engine.put("numbers", List.of(1, 2, 3));
        assertEquals("KRAIT6", engine.eval("name.upper() + str(sum(numbers))"));
        engine.eval("shout = name.upper()");
        assertEquals("KRAIT", engine.get("shout"));
        Bindings globals = engine.getBindings(ScriptContext.ENGINE_SCOPE);
        assertTrue(globals.containsKey("shout"));
        assertTrue(globals.keySet().containsAll(List.of("name", "numbers", "shout")));
        assertEquals("KRAIT", globals.remove("shout"));
        assertThrows(ScriptException.class, () -> engine.eval("shout"), "removed from Python's globals");
    }

    @Test
    void globalScopeFillsMissingNamesAndOtherBindingsGetTheResults() throws Exception {
        manager.put("site", "everywhere");
        engine.put("local", "here");
        assertEquals("here everywhere", engine.eval("local + ' ' + site"));

        Bindings own = engine.createBindings();
        own.put("a", 20);
        assertEquals(22L, engine.eval("b = a + 1\nb + 1", own));
        assertEquals(21L, own.get("b"), "names a script sets go back into its bindings");
        assertNull(engine.get("b"), "and not into the engine's globals");
    }

    @Test
    void pythonErrorsAreScriptExceptions() {
        ScriptException e = assertThrows(ScriptException.class, () -> engine.eval("raise KeyError('nope')"));
        assertTrue(e.getMessage().contains("KeyError"), e.getMessage());
        ScriptException syntax = assertThrows(ScriptException.class, () -> engine.eval("def ("));
        assertTrue(syntax.getMessage().contains("SyntaxError"), syntax.getMessage());
    }

    @Test
    void compiledOnceRunManyTimes() throws Exception {
        engine.eval("count = 0");
        CompiledScript step = ((Compilable) engine).compile("count += 1\ncount");
        for (long i = 1; i <= 3; i++) {
            assertEquals(i, step.eval());
        }
        assertSame(engine, step.getEngine());
        Bindings own = engine.createBindings();
        own.put("count", 10);
        assertEquals(11L, step.eval(own), "a compiled script runs with other bindings too");
    }

    @Test
    void invocableCallsFunctionsMethodsAndImplementsInterfaces() throws Exception {
        engine.eval("""
                def area(side):
                    return side * side
                def label(name):
                    return '<' + name + '>'
                class Doubler:
                    def area(self, side):
                        return 2 * side * side
                    def label(self, name):
                        return name * 2
                doubler = Doubler()
                """);
        Invocable invocable = (Invocable) engine;
        assertEquals(9L, invocable.invokeFunction("area", 3));
        assertThrows(NoSuchMethodException.class, () -> invocable.invokeFunction("volume", 3));

        Object doubler = engine.get("doubler");
        assertEquals("abab", invocable.invokeMethod(doubler, "label", "ab"));
        assertThrows(NoSuchMethodException.class, () -> invocable.invokeMethod(doubler, "volume"));

        Shapes functions = invocable.getInterface(Shapes.class);
        assertEquals(16L, functions.area(4));
        assertEquals("<py>", functions.label("py"));
        Shapes methods = invocable.getInterface(doubler, Shapes.class);
        assertEquals(32L, methods.area(4));
        assertNull(invocable.getInterface(IntBinaryOperator.class), "no applyAsInt function is defined");
    }

    @Test
    void usableFromAnyThreadAndFromJavaCalledByItsPython() throws Exception {
        engine.eval("def add(a, b):\n    return a + b");
        Invocable invocable = (Invocable) engine;
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Object>> sums = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long n = i;
                sums.add(threads.submit(() -> invocable.invokeFunction("add", n, 1L)));
            }
            for (int i = 0; i < 20; i++) {
                assertEquals(i + 1L, sums.get(i).get());
            }
        } finally {
            threads.shutdown();
        }
        engine.put("engine", engine);
        assertEquals(5L, engine.eval("engine.eval('2 + 3')"), "Java called from the engine's Python reenters it");
    }

    @Test
    void closedEnginesRefuseWork() throws Exception {
        ScriptEngine other = manager.getEngineByName("krait");
        ((AutoCloseable) other).close();
        assertInstanceOf(IllegalStateException.class, assertThrows(RuntimeException.class, () -> other.eval("1")));
    }
}
