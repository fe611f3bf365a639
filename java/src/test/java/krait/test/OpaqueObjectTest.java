package krait.test;

import static krait.test.TestSupport.assertStillUsable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/**
 * Values without a plain counterpart on the other side: a Python object() or user class instance
 * read into Java, and arbitrary Java objects (Thread, Object, StringBuilder) set into Python. Until
 * PyObject and Java wrappers exist these give a clear JepException that names the type; once they
 * exist, a jep.python.Py* object (Python to Java) or a usable Python wrapper (Java to Python) is
 * accepted too. Either way nothing crashes and the interpreter stays usable.
 */
class OpaqueObjectTest {

    /** getValue(expr) either throws a JepException naming {@code typeName} or returns a jep.python.Py* object. */
    private static void checkPythonToJava(Interpreter interp, String expr, String typeName) {
        Object result;
        try {
            result = interp.getValue(expr);
        } catch (JepException e) {
            String m = TestSupport.messageOf(e);
            assertTrue(m.contains(typeName), () -> "message should name the Python type '" + typeName + "': " + m);
            assertStillUsable(interp);
            return;
        }
        assertNotNull(result, expr + " must not silently become null");
        assertTrue(result.getClass().getName().startsWith("jep.python.Py"),
                () -> expr + " must become a JepException or a jep.python.PyObject, got " + result.getClass().getName());
        assertStillUsable(interp);
    }

    /** set(name, value) either throws a JepException naming the Java class or gives Python a usable non-None value. */
    private static void checkJavaToPython(Interpreter interp, Object value) {
        String cls = value.getClass().getName();
        try {
            interp.set("opaque", value);
        } catch (JepException e) {
            String m = TestSupport.messageOf(e);
            assertTrue(m.contains(cls) || m.contains(value.getClass().getSimpleName()),
                    () -> "message should name the Java type " + cls + ": " + m);
            assertStillUsable(interp);
            return;
        } catch (RuntimeException e) {
            fail("set of a " + cls + " must throw JepException (or work), got " + e, e);
        }
        assertEquals(Boolean.TRUE, interp.getValue("opaque is not None"), cls + " must not become None");
        assertStillUsable(interp);
    }

    @Test
    void plainPythonObject() {
        try (Interpreter interp = new SharedInterpreter()) {
            checkPythonToJava(interp, "object()", "object");
        }
    }

    @Test
    void userClassInstance() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("class KraitOpaqueThing:\n    pass\nthing = KraitOpaqueThing()");
            checkPythonToJava(interp, "thing", "KraitOpaqueThing");
        }
    }

    @Test
    void opaqueObjectsInsideCollections() {
        try (Interpreter interp = new SharedInterpreter()) {
            List<?> list = (List<?>) interp.getValue("[1, object()]");
            assertEquals(1L, list.get(0));
            assertTrue(list.get(1) instanceof jep.python.PyObject, "element: " + list.get(1));
            Map<?, ?> map = (Map<?, ?>) interp.getValue("{'k': object()}");
            assertTrue(map.get("k") instanceof jep.python.PyObject, "value: " + map.get("k"));
        }
    }

    @Test
    void opaqueInvokeResult() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("def make():\n    return object()");
            Object result;
            try {
                result = interp.invoke("make");
            } catch (JepException e) {
                assertTrue(TestSupport.messageOf(e).contains("object"), e::getMessage);
                assertStillUsable(interp);
                return;
            }
            assertTrue(result != null && result.getClass().getName().startsWith("jep.python.Py"),
                    () -> "object() must become a JepException or a PyObject, got " + result);
        }
    }

    @Test
    void arbitraryJavaObjects() {
        try (Interpreter interp = new SharedInterpreter()) {
            checkJavaToPython(interp, new Thread(() -> { }, "never-started"));
            checkJavaToPython(interp, new Object());
            checkJavaToPython(interp, new StringBuilder("sb"));
        }
    }

    @Test
    void arbitraryJavaObjectAsInvokeArgument() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("def ident(x):\n    return x is not None");
            Object arg = new Object();
            try {
                assertEquals(Boolean.TRUE, interp.invoke("ident", arg));
            } catch (JepException e) {
                assertTrue(TestSupport.messageOf(e).contains("java.lang.Object"), e::getMessage);
            }
            assertStillUsable(interp);
        }
    }

    @Test
    void opaqueValuesInSubInterpreter() {
        try (Interpreter interp = new SubInterpreter()) {
            checkPythonToJava(interp, "object()", "object");
            checkJavaToPython(interp, new Thread(() -> { }, "never-started"));
        }
    }
}
