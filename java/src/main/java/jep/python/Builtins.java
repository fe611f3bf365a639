package jep.python;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/** {@link PyBuiltins} over an interpreter's {@code builtins} module. */
final class Builtins implements PyBuiltins {

    private final PyObject module;

    Builtins(PyObject module) {
        this.module = module;
    }

    private PyCallable function(String name) {
        return module.getAttr(name, PyCallable.class);
    }

    private <T> T call(Class<T> type, String name, Object... args) {
        return function(name).callAs(type, args);
    }

    private PyObject make(String name, Object... args) {
        return call(PyObject.class, name, args);
    }

    @Override
    public boolean callable(@Nullable Object obj) {
        return call(Boolean.class, "callable", obj);
    }

    @Override
    public void delattr(PyObject obj, String name) {
        function("delattr").call(obj, name);
    }

    @Override
    public PyObject dict() {
        return make("dict");
    }

    @Override
    public PyObject dict(Map<?, ?> map) {
        return make("dict", map);
    }

    @Override
    public String[] dir(PyObject obj) {
        return call(String[].class, "dir", obj);
    }

    @Override
    public @Nullable Object eval(String source, PyObject globals) {
        return function("eval").call(source, globals);
    }

    @Override
    public @Nullable Object eval(String source, PyObject globals, PyObject locals) {
        return function("eval").call(source, globals, locals);
    }

    @Override
    public void exec(String source, PyObject globals) {
        function("exec").call(source, globals);
    }

    @Override
    public void exec(String source, PyObject globals, PyObject locals) {
        function("exec").call(source, globals, locals);
    }

    @Override
    public PyObject frozenset() {
        return make("frozenset");
    }

    @Override
    public PyObject frozenset(Iterable<?> iterable) {
        return make("frozenset", iterable);
    }

    @Override
    public PyObject frozenset(Object[] array) {
        return make("frozenset", (Object) array);
    }

    @Override
    public @Nullable Object getattr(PyObject obj, String name) {
        return function("getattr").call(obj, name);
    }

    @Override
    public boolean hasattr(PyObject obj, String name) {
        return call(Boolean.class, "hasattr", obj, name);
    }

    @Override
    public long id(PyObject obj) {
        return call(Long.class, "id", obj);
    }

    @Override
    public boolean isinstance(PyObject obj, PyObject type) {
        return call(Boolean.class, "isinstance", obj, type);
    }

    @Override
    public boolean issubclass(PyObject type, PyObject base) {
        return call(Boolean.class, "issubclass", type, base);
    }

    @Override
    public PyObject list() {
        return make("list");
    }

    @Override
    public PyObject list(Iterable<?> iterable) {
        return make("list", iterable);
    }

    @Override
    public PyObject list(Object[] array) {
        return make("list", (Object) array);
    }

    @Override
    public PyObject object() {
        return make("object");
    }

    @Override
    public PyObject set() {
        return make("set");
    }

    @Override
    public PyObject set(Iterable<?> iterable) {
        return make("set", iterable);
    }

    @Override
    public PyObject set(Object[] array) {
        return make("set", (Object) array);
    }

    @Override
    public void setattr(PyObject obj, String name, @Nullable Object value) {
        function("setattr").call(obj, name, value);
    }

    @Override
    public PyObject tuple() {
        return make("tuple");
    }

    @Override
    public PyObject tuple(Iterable<?> iterable) {
        return make("tuple", iterable);
    }

    @Override
    public PyObject tuple(Object[] array) {
        return make("tuple", (Object) array);
    }

    @Override
    public PyCallable type(PyObject obj) {
        return call(PyCallable.class, "type", obj);
    }
}
