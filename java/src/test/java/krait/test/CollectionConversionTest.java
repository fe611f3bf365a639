package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/**
 * Collections: Python list -> ArrayList, tuple -> unmodifiable List, dict -> HashMap, set ->
 * HashSet, nested to depth with the right Java type at each level; Java List/Map/Set passed in with
 * set or invoke are readable in Python (len, indexing, in, iteration, m['k']) without asserting
 * which Python type represents them.
 */
class CollectionConversionTest {

    @Test
    void listBecomesArrayList() {
        try (Interpreter interp = new SharedInterpreter()) {
            Object v = interp.getValue("[1, 'a', None, 2.5, True]");
            assertInstanceOf(ArrayList.class, v);
            assertEquals(Arrays.asList(1L, "a", null, 2.5, true), v);
            assertEquals(new ArrayList<>(), interp.getValue("[]"));
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) v;
            l.add("mutable");
            assertEquals(6, l.size());
        }
    }

    @Test
    void tupleBecomesUnmodifiableList() {
        try (Interpreter interp = new SharedInterpreter()) {
            Object v = interp.getValue("(1, 'two', 3.0)");
            assertInstanceOf(List.class, v);
            @SuppressWarnings("unchecked")
            List<Object> l = (List<Object>) v;
            assertEquals(Arrays.asList(1L, "two", 3.0), l);
            assertThrows(UnsupportedOperationException.class, () -> l.add(4L));
            assertThrows(UnsupportedOperationException.class, () -> l.set(0, 9L));
            assertEquals(Arrays.asList(1L, "two", 3.0), l, "unchanged");
            Object empty = interp.getValue("()");
            assertInstanceOf(List.class, empty);
            assertEquals(0, ((List<?>) empty).size());
            Object withNone = interp.getValue("(None, 1)");
            assertEquals(Arrays.asList(null, 1L), withNone);
        }
    }

    @Test
    void dictBecomesHashMap() {
        try (Interpreter interp = new SharedInterpreter()) {
            Object v = interp.getValue("{'a': 1, 2: 'b', None: [3], 'n': None}");
            assertInstanceOf(HashMap.class, v);
            Map<?, ?> m = (Map<?, ?>) v;
            assertEquals(4, m.size());
            assertEquals(1L, m.get("a"));
            assertEquals("b", m.get(2L));
            assertEquals(Arrays.asList(3L), m.get(null));
            assertTrue(m.containsKey("n") && m.get("n") == null);
            assertEquals(new HashMap<>(), interp.getValue("{}"));
        }
    }

    @Test
    void setBecomesHashSet() {
        try (Interpreter interp = new SharedInterpreter()) {
            Object v = interp.getValue("{1, 2, 3, 'x'}");
            assertInstanceOf(HashSet.class, v);
            assertEquals(Set.of(1L, 2L, 3L, "x"), v);
            Object empty = interp.getValue("set()");
            assertInstanceOf(HashSet.class, empty);
            assertEquals(0, ((Set<?>) empty).size());
        }
    }

    @Test
    void nestedStructuresHaveTheRightTypeAtEachLevel() {
        try (Interpreter interp = new SharedInterpreter()) {
            Object v = interp.getValue("{'a': [1, (2, {'b': {3}})]}");
            assertInstanceOf(HashMap.class, v);
            Object a = ((Map<?, ?>) v).get("a");
            assertInstanceOf(ArrayList.class, a);
            List<?> list = (List<?>) a;
            assertEquals(2, list.size());
            assertEquals(1L, list.get(0));
            Object tuple = list.get(1);
            assertInstanceOf(List.class, tuple);
            List<?> t = (List<?>) tuple;
            assertThrows(UnsupportedOperationException.class, () -> ((List<Object>) t).add(0L));
            assertEquals(2L, t.get(0));
            assertInstanceOf(HashMap.class, t.get(1));
            Object b = ((Map<?, ?>) t.get(1)).get("b");
            assertInstanceOf(HashSet.class, b);
            assertEquals(Set.of(3L), b);
        }
    }

    @Test
    void deepNestingDoesNotOverflow() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("deep = 'leaf'\nfor i in range(200):\n    deep = [deep]");
            Object v = interp.getValue("deep");
            for (int i = 0; i < 200; i++) {
                assertInstanceOf(ArrayList.class, v, "level " + i);
                v = ((List<?>) v).get(0);
            }
            assertEquals("leaf", v);
        }
    }

    @Test
    void invokeResultsAreConvertedCollections() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("def pair(a, b):\n    return (a, b)\ndef index(xs):\n    return {x: i for i, x in enumerate(xs)}");
            Object p = interp.invoke("pair", "k", 1);
            assertEquals(Arrays.asList("k", 1L), p);
            Object idx = interp.invoke("index", List.of("x", "y"));
            assertInstanceOf(HashMap.class, idx);
            assertEquals(Map.of("x", 0L, "y", 1L), idx);
        }
    }

    @Test
    void javaListIsReadableInPython() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.set("l", new ArrayList<>(List.of(1, 2, 3)));
            assertEquals(3L, interp.getValue("len(l)"));
            assertEquals(1L, interp.getValue("l[0]"));
            assertEquals(3L, interp.getValue("l[2]"));
            assertEquals(Boolean.TRUE, interp.getValue("2 in l"));
            assertEquals(Boolean.FALSE, interp.getValue("5 in l"));
            assertEquals(Boolean.TRUE, interp.getValue("[x * 10 for x in l] == [10, 20, 30]"));
            assertEquals(6L, interp.getValue("sum(l)"));

            interp.set("strs", Arrays.asList("a", null, "\uD83D\uDE00"));
            assertEquals(Boolean.TRUE, interp.getValue("list(strs) == ['a', None, '\\U0001F600']"));
        }
    }

    @Test
    void javaMapIsReadableInPython() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("k", "v");
        m.put("n", 42);
        m.put("list", List.of(1, 2));
        try (Interpreter interp = new SharedInterpreter()) {
            interp.set("m", m);
            assertEquals(3L, interp.getValue("len(m)"));
            assertEquals("v", interp.getValue("m['k']"));
            assertEquals(42L, interp.getValue("m['n']"));
            assertEquals(2L, interp.getValue("m['list'][1]"));
            assertEquals(Boolean.TRUE, interp.getValue("'k' in m"));
            assertEquals(Boolean.FALSE, interp.getValue("'zz' in m"));
            assertEquals(Boolean.TRUE, interp.getValue("sorted(k for k in m) == ['k', 'list', 'n']"));
        }
    }

    @Test
    void javaSetIsReadableInPython() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.set("s", new TreeSet<>(Set.of("b", "a", "c")));
            assertEquals(3L, interp.getValue("len(s)"));
            assertEquals(Boolean.TRUE, interp.getValue("'a' in s"));
            assertEquals(Boolean.FALSE, interp.getValue("'z' in s"));
            assertEquals(Boolean.TRUE, interp.getValue("sorted(x for x in s) == ['a', 'b', 'c']"));
        }
    }

    @Test
    void javaCollectionsAsInvokeArguments() {
        try (Interpreter interp = new SharedInterpreter()) {
            interp.exec("def total(xs):\n    return sum(xs)\n"
                    + "def lookup(m, k):\n    return m[k]\n"
                    + "def count(s):\n    return len(s)\n");
            assertEquals(6L, interp.invoke("total", List.of(1, 2, 3)));
            assertEquals("v", interp.invoke("lookup", Map.of("k", "v"), "k"));
            assertEquals(2L, interp.invoke("count", Set.of(1, 2)));
        }
    }

    @Test
    void collectionsInSubInterpreter() {
        try (Interpreter interp = new SubInterpreter()) {
            assertEquals(Map.of("a", Arrays.asList(1L, 2L)), interp.getValue("{'a': [1, 2]}"));
            interp.set("l", List.of("x", "y"));
            assertEquals(Boolean.TRUE, interp.getValue("len(l) == 2 and l[1] == 'y' and 'x' in l"));
        }
    }
}
