package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.io.StringWriter;

import javax.script.ScriptContext;
import javax.script.ScriptEngine;
import javax.script.ScriptEngineManager;
import javax.script.ScriptException;
import javax.script.SimpleScriptContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JSR-223 engine's streams: while a script runs, Python's stdout, stderr and stdin are its
 * ScriptContext's writer, error writer and reader (before, Python wrote to the process's own
 * file descriptors whatever the context said).
 */
class ScriptStreamsTest {

    private ScriptEngine engine;

    @BeforeEach
    void open() {
        engine = new ScriptEngineManager().getEngineByName("python");
        assertNotNull(engine);
    }

    @AfterEach
    void close() throws Exception {
        ((AutoCloseable) engine).close();
    }

    @Test
    void printGoesToTheContextsWriter() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        engine.getContext().setWriter(out);
        engine.getContext().setErrorWriter(err);
        engine.eval("import sys\nprint('hello', 42)\nprint('oops', file=sys.stderr)\nsys.stdout.write('é😀\\n')");
        assertEquals("hello 42\né😀\n", out.toString());
        assertEquals("oops\n", err.toString());
    }

    @Test
    void eachEvalUsesItsOwnContext() throws Exception {
        StringWriter first = new StringWriter();
        StringWriter second = new StringWriter();
        SimpleScriptContext context = new SimpleScriptContext();
        context.setBindings(engine.createBindings(), ScriptContext.ENGINE_SCOPE);
        context.setWriter(second);
        engine.getContext().setWriter(first);
        engine.eval("print('engine')");
        engine.eval("print('other')", context);
        engine.eval("print('engine again')");
        assertEquals("engine\nengine again\n", first.toString());
        assertEquals("other\n", second.toString());
    }

    @Test
    void inputReadsTheContextsReader() throws Exception {
        StringWriter out = new StringWriter();
        engine.getContext().setWriter(out);
        engine.getContext().setReader(new StringReader("Ada\nsecond line 😀\nlast"));
        engine.eval("name = input('name? ')\nimport sys\nrest = sys.stdin.read()");
        assertEquals("Ada", engine.get("name"));
        assertEquals("second line 😀\nlast", engine.get("rest"));
        assertEquals("name? ", out.toString());
    }

    @Test
    void outputIsFlushedAndTheStreamsComeBackWhenAScriptFails() throws Exception {
        StringWriter out = new StringWriter();
        engine.getContext().setWriter(out);
        assertThrows(ScriptException.class, () -> engine.eval("print('before')\nraise ValueError('no')"));
        assertEquals("before\n", out.toString());
        StringWriter later = new StringWriter();
        engine.getContext().setWriter(later);
        engine.eval("print('after')");
        assertEquals("before\n", out.toString());
        assertEquals("after\n", later.toString());
    }

    @Test
    void otherThreadsKeepTheirStreams() throws Exception {
        StringWriter out = new StringWriter();
        engine.getContext().setWriter(out);
        engine.eval("""
                import sys, threading
                seen = []
                t = threading.Thread(target=lambda: seen.append(type(sys.stdout._krait_current()).__name__))
                t.start()
                t.join()
                mine = type(sys.stdout._krait_current()).__name__
                """);
        assertEquals("JavaWriter", engine.eval("mine"));
        assertEquals(false, engine.eval("seen[0] == 'JavaWriter'"));
    }

    @Test
    void writingANonStrIsATypeError() {
        ScriptException e = assertThrows(ScriptException.class, () -> engine.eval("import sys\nsys.stdout.write(5)"));
        assertEquals(true, e.getMessage().contains("must be str"), e.getMessage());
    }
}
