package krait.script;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.script.Bindings;
import javax.script.ScriptException;

import org.jspecify.annotations.Nullable;

/**
 * An engine's own {@code ENGINE_SCOPE}: a live view of its interpreter's Python globals.
 * {@code put} sets a global (converted as {@code Interpreter.set} converts), {@code get}
 * reads one (converted as {@code Interpreter.getValue} converts), so a name set by a script
 * is seen by {@link #get} and the other way round. Names starting with {@code __} are
 * Python's and are not listed.
 */
final class PythonBindings extends AbstractMap<String, @Nullable Object> implements Bindings {

    private final ScriptThread python;

    PythonBindings(ScriptThread python) {
        this.python = python;
    }

    /** Whether these are the globals of the engine running on this thread. */
    boolean belongsTo(ScriptThread thread) {
        return python == thread;
    }

    @Override
    public @Nullable Object put(String name, @Nullable Object value) {
        checkName(name);
        Object old = get(name);
        run(() -> python.call(() -> {
            python.interpreter().set(name, value);
            return null;
        }));
        return old;
    }

    @Override
    public @Nullable Object get(@Nullable Object key) {
        checkKey(key);
        return run(() -> python.callHelper(Helpers.GET, key));
    }

    @Override
    public boolean containsKey(@Nullable Object key) {
        checkKey(key);
        return Boolean.TRUE.equals(run(() -> python.callHelper(Helpers.CONTAINS, key)));
    }

    @Override
    public @Nullable Object remove(@Nullable Object key) {
        checkKey(key);
        return run(() -> python.callHelper(Helpers.REMOVE, key));
    }

    @Override
    public void putAll(Map<? extends String, ? extends @Nullable Object> values) {
        values.forEach(this::put);
    }

    /** A snapshot of the globals, converted to Java; removing from it removes the global. */
    @Override
    public Set<Entry<String, @Nullable Object>> entrySet() {
        Map<String, @Nullable Object> snapshot = run(() -> python.call(() -> {
            Map<String, @Nullable Object> values = new LinkedHashMap<>();
            for (Object name : (List<?>) python.callHelper(Helpers.NAMES)) {
                values.put((String) name, python.callHelper(Helpers.GET, name));
            }
            return values;
        }));
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, @Nullable Object>> iterator() {
                Iterator<Entry<String, @Nullable Object>> entries = snapshot.entrySet().iterator();
                return new Iterator<>() {
                    private @Nullable Entry<String, @Nullable Object> last;

                    @Override
                    public boolean hasNext() {
                        return entries.hasNext();
                    }

                    @Override
                    public Entry<String, @Nullable Object> next() {
                        last = entries.next();
                        return last;
                    }

                    @Override
                    public void remove() {
                        entries.remove();
                        if (last != null) {
                            PythonBindings.this.remove(last.getKey());
                        }
                    }
                };
            }

            @Override
            public int size() {
                return snapshot.size();
            }
        };
    }

    /** Work that Map's methods cannot declare a checked exception for. */
    private interface Work<T> {
        T run() throws ScriptException;
    }

    private static <T> T run(Work<T> work) {
        try {
            return work.run();
        } catch (ScriptException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static void checkKey(@Nullable Object key) {
        if (key == null) {
            throw new NullPointerException("a binding's name cannot be null");
        }
        if (!(key instanceof String name)) {
            throw new ClassCastException("a binding's name must be a String, not " + key.getClass().getName());
        }
        checkName(name);
    }

    private static void checkName(@Nullable String name) {
        if (name == null) {
            throw new NullPointerException("a binding's name cannot be null");
        }
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a binding's name cannot be empty");
        }
    }
}
