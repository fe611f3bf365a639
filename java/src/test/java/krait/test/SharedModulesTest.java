package krait.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.JepConfig;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;
import jep.SubInterpreterOptions;

/** {@code JepConfig.addSharedModules}: sub-interpreters use the main interpreter's module objects. */
class SharedModulesTest {

    private static <T> T onNewThread(java.util.concurrent.Callable<T> work) throws Exception {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return work.call();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        }, runnable -> new Thread(runnable).start()).get(60, TimeUnit.SECONDS);
    }

    @Test
    void subInterpretersSeeTheMainInterpretersModuleAndLeaveItIntact() throws Exception {
        onNewThread(() -> {
            try (Interpreter main = new SharedInterpreter()) {
                main.exec("import json\njson.krait_shared_marker = 'from main'");
            }
            return null;
        });
        for (int round = 0; round < 3; round++) {
            onNewThread(() -> {
                try (Interpreter sub = new SubInterpreter(new JepConfig().addSharedModules("json"))) {
                    sub.exec("import json, json.decoder, sys");
                    assertEquals("from main", sub.getValue("json.krait_shared_marker"));
                    assertEquals(Boolean.TRUE, sub.getValue("sys.modules['json.decoder'] is json.decoder"));
                }
                return null;
            });
        }
        // The sub-interpreters' teardown left the main interpreter's module intact.
        onNewThread(() -> {
            try (Interpreter main = new SharedInterpreter()) {
                assertEquals("from main", main.getValue("__import__('json').krait_shared_marker"));
                assertEquals("[1, 2]", main.getValue("__import__('json').dumps([1, 2])"));
            }
            return null;
        });
        onNewThread(() -> {
            try (Interpreter unshared = new SubInterpreter()) {
                assertEquals(Boolean.FALSE, unshared.getValue("hasattr(__import__('json'), 'krait_shared_marker')"));
            }
            return null;
        });
    }

    @Test
    void numpyWorksInSuccessiveSubInterpretersWhenShared() throws Exception {
        boolean hasNumpy = onNewThread(() -> {
            try (Interpreter probe = new SharedInterpreter()) {
                return (Boolean) probe.getValue("__import__('importlib.util').util.find_spec('numpy') is not None");
            }
        });
        Assumptions.assumeTrue(hasNumpy, "numpy is not installed in this Python");
        for (int round = 0; round < 3; round++) {
            Object total = onNewThread(() -> {
                try (Interpreter sub = new SubInterpreter(new JepConfig().addSharedModules("numpy"))) {
                    return sub.getValue("int(__import__('numpy').arange(10).sum())");
                }
            });
            assertEquals(45L, total);
        }
    }

    @Test
    void isolatedSubInterpretersRefuseSharedModulesClearly() throws Exception {
        String version = onNewThread(() -> {
            try (Interpreter probe = new SharedInterpreter()) {
                return (String) probe.getValue("'%d.%d' % __import__('sys').version_info[:2]");
            }
        });
        Assumptions.assumeTrue(version.compareTo("3.12") >= 0, "isolated sub-interpreters need 3.12");
        JepException refused = onNewThread(() -> assertThrows(JepException.class, () -> new SubInterpreter(
                new JepConfig().addSharedModules("json").setSubInterpreterOptions(SubInterpreterOptions.isolated()))));
        // Jep's own words (its tests compare the message).
        assertEquals("Shared modules cannot be used with isolated interpreters.", refused.getMessage());
        onNewThread(() -> {
            try (Interpreter again = new SharedInterpreter()) {
                assertEquals(2L, again.getValue("1 + 1"));
            }
            return null;
        });
    }
}
