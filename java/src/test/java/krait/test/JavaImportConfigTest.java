package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import jep.AllowPythonClassEnquirer;
import jep.ClassEnquirer;
import jep.ClassList;
import jep.Interpreter;
import jep.JepConfig;
import jep.JepException;
import jep.NamingConventionClassEnquirer;
import jep.SubInterpreter;

/**
 * The Java-facing settings of the import hook: {@code JepConfig.setClassLoader} and
 * {@code JepConfig.setClassEnquirer}, each in a sub-interpreter on a fresh thread.
 */
class JavaImportConfigTest {

    @TempDir
    Path tmp;

    @Test
    void classesLoadThroughTheConfiguredClassLoader() throws IOException {
        Path classes = compile("org/kraithidden/Hidden.java", String.join("\n",
                "package org.kraithidden;",
                "public class Hidden {",
                "    public static String hello() { return \"hidden\"; }",
                "}"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {url(classes)}, getClass().getClassLoader())) {
            Object hello = eval(new JepConfig().setClassLoader(loader),
                    "from org.kraithidden import Hidden", "Hidden.hello()");
            assertEquals("hidden", hello);
        }
        JepException e = assertThrows(JepException.class,
                () -> eval(new JepConfig(), "from org.kraithidden import Hidden", "Hidden.hello()"));
        assertTrue(e.getMessage().matches("(?s).*(ImportError|ModuleNotFoundError).*"), e.getMessage());
    }

    @Test
    void theNamingConventionAloneDoesNotKnowClassPathPackages() {
        JepConfig config = new JepConfig().setClassEnquirer(new NamingConventionClassEnquirer());
        assertEquals(0L, eval(config, "from java.util import ArrayList", "ArrayList().size()"));
        assertThrows(JepException.class, () -> eval(config, "from krait.fixtures import Dog", "Dog('a', 1)"));
    }

    @Test
    void anAddedTopLevelNameMakesAPackageImportable() {
        ClassEnquirer enquirer = new NamingConventionClassEnquirer(false).addTopLevelPackageName("krait");
        JepConfig config = new JepConfig().setClassEnquirer(enquirer);
        assertEquals("rex", eval(config, "from krait.fixtures import Dog", "Dog('rex', 1).getName()"));
        assertThrows(JepException.class, () -> eval(config, "from java.util import ArrayList", "ArrayList()"));
    }

    @Test
    void allowPythonHidesAJavaPackage() {
        ClassEnquirer enquirer = new AllowPythonClassEnquirer(ClassList.getInstance(), "krait");
        JepConfig config = new JepConfig().setClassEnquirer(enquirer);
        assertThrows(JepException.class, () -> eval(config, "from krait.fixtures import Dog", "Dog('a', 1)"));
        assertEquals(0L, eval(config, "from java.util import HashMap", "HashMap().size()"));
    }

    /** What a configured enquirer calls a Java package imports from Java, as in Jep. */
    @Test
    void aConfiguredEnquirerWinsOverPythonModules() {
        ClassEnquirer enquirer = new ClassEnquirer() {
            @Override
            public boolean isJavaPackage(String name) {
                return "re".equals(name);
            }

            @Override
            public String[] getClassNames(String pkgName) {
                return null;
            }

            @Override
            public String[] getSubPackages(String pkgName) {
                return null;
            }
        };
        JepConfig config = new JepConfig().setClassEnquirer(enquirer);
        JepException e = assertThrows(JepException.class, () -> eval(config,
                "import sys\nsys.modules.pop('re', None)\nfrom re import Pattern", "Pattern"));
        assertTrue(e.getCause() instanceof ClassNotFoundException, String.valueOf(e.getCause()));
        assertTrue(e.getMessage().startsWith("<class 'ImportError'>: java.lang.ClassNotFoundException: re.Pattern"),
                e.getMessage());
    }

    /** The default enquirers know every package of the class path: Python modules win over them. */
    @Test
    void pythonModulesWinOverClassPathPackages() {
        assertEquals("[1]", eval(new JepConfig(), "import json", "json.dumps([1])"));
        assertEquals("[1]", eval(new JepConfig().setClassEnquirer(ClassList.getInstance()),
                "import json", "json.dumps([1])"));
    }

    /** Java waiting, inside a Python call, for a thread that opens an interpreter. */
    @Test
    void javaCalledFromPythonMayWaitForAnotherInterpreter() {
        assertEquals("42", eval(new JepConfig(), "from krait.fixtures import OtherThreads",
                "OtherThreads.evalOnNewThread(True, '6 * 7')"));
    }

    /** Opens a sub-interpreter with the configuration, runs the statement and evaluates. */
    private static Object eval(JepConfig config, String statement, String expression) {
        return TestSupport.onNewThread(() -> {
            try (Interpreter py = new SubInterpreter(config)) {
                py.exec(statement);
                return py.getValue(expression);
            }
        });
    }

    /** Compiles one source file into a fresh directory (not on the class path) and returns it. */
    private Path compile(String relativePath, String source) {
        Path src = TestSupport.writeFile(tmp.resolve("src").resolve(relativePath), source);
        Path out = tmp.resolve("classes");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertTrue(javac != null, "the tests need a JDK");
        int status = javac.run(null, null, null, "-d", out.toString(), src.toString());
        assertEquals(0, status, "javac failed");
        return out;
    }

    private static URL url(Path dir) {
        try {
            return dir.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
    }
}
