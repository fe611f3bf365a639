package krait.test;

import static krait.test.TestSupport.onNewThread;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import jep.Interpreter;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/**
 * What is shared between interpreters: SharedInterpreters share sys.modules and module state (a
 * module attribute set in one is seen in another opened later on another thread) but each has its
 * own globals; SubInterpreters have their own modules, invisible to SharedInterpreters and to each
 * other.
 */
class InterpreterIsolationTest {

    @Test
    void sharedInterpretersShareModulesButNotGlobals() {
        String nonce = "shared-" + UUID.randomUUID();
        try (Interpreter a = new SharedInterpreter()) {
            a.exec("import string, sys, types");
            a.set("nonce", nonce);
            a.exec("string.krait_marker = nonce\n"
                    + "m = types.ModuleType('krait_shared_probe_mod')\n"
                    + "m.value = 42\n"
                    + "sys.modules['krait_shared_probe_mod'] = m\n"
                    + "only_in_a = 1");
            try {
                List<Object> seen = onNewThread(() -> {
                    try (Interpreter b = new SharedInterpreter()) {
                        b.exec("import string, krait_shared_probe_mod");
                        return Arrays.asList(
                                b.getValue("getattr(string, 'krait_marker', None)"),
                                b.getValue("krait_shared_probe_mod.value"),
                                b.getValue("'only_in_a' in globals()"),
                                b.getValue("'nonce' in globals()"));
                    }
                });
                assertEquals(nonce, seen.get(0), "module attribute set in one SharedInterpreter is seen in another");
                assertEquals(42L, seen.get(1), "sys.modules is shared");
                assertEquals(Boolean.FALSE, seen.get(2), "globals are separate");
                assertEquals(Boolean.FALSE, seen.get(3), "globals are separate");
                assertEquals(1L, a.getValue("only_in_a"));
            } finally {
                a.exec("del string.krait_marker\ndel sys.modules['krait_shared_probe_mod']");
            }
        }
    }

    @Test
    void sharedInterpretersOnTheSameThreadOneAfterAnother() {
        String nonce = "seq-" + UUID.randomUUID();
        try (Interpreter a = new SharedInterpreter()) {
            a.exec("import json");
            a.set("nonce", nonce);
            a.exec("json.krait_seq_marker = nonce\nmine = 'a'");
        }
        try (Interpreter b = new SharedInterpreter()) {
            b.exec("import json");
            assertEquals(nonce, b.getValue("json.krait_seq_marker"));
            assertEquals(Boolean.FALSE, b.getValue("'mine' in globals()"));
            b.exec("del json.krait_seq_marker");
        }
    }

    @Test
    void subInterpreterHasItsOwnModules() {
        try (Interpreter shared = new SharedInterpreter()) {
            shared.exec("import sys\nsys.krait_marker = 1");
            try {
                List<Object> seen = onNewThread(() -> {
                    try (Interpreter sub = new SubInterpreter()) {
                        sub.exec("import sys");
                        Object before = sub.getValue("hasattr(sys, 'krait_marker')");
                        sub.exec("sys.krait_sub_marker = 2");
                        return Arrays.asList(before, sub.getValue("sys.krait_sub_marker"));
                    }
                });
                assertEquals(Boolean.FALSE, seen.get(0), "a SubInterpreter does not see the shared sys module");
                assertEquals(2L, seen.get(1));
                assertEquals(Boolean.FALSE, shared.getValue("hasattr(sys, 'krait_sub_marker')"),
                        "a SharedInterpreter does not see a SubInterpreter's sys module");
                assertEquals(1L, shared.getValue("sys.krait_marker"));
            } finally {
                shared.exec("del sys.krait_marker");
            }
        }
    }

    @Test
    void subInterpretersDoNotShareModulesWithEachOther() {
        try (Interpreter first = new SubInterpreter()) {
            first.exec("import json\njson.krait_sub_only = 'first'");
            Object seenInSecond = onNewThread(() -> {
                try (Interpreter second = new SubInterpreter()) {
                    second.exec("import json");
                    return second.getValue("getattr(json, 'krait_sub_only', None)");
                }
            });
            assertEquals(null, seenInSecond);
            assertEquals("first", first.getValue("json.krait_sub_only"));
        }
        // a new SubInterpreter on the same thread starts clean as well
        try (Interpreter again = new SubInterpreter()) {
            again.exec("import json");
            assertEquals(Boolean.FALSE, again.getValue("hasattr(json, 'krait_sub_only')"));
        }
    }

    @Test
    void subInterpreterSeesNoSharedGlobals() {
        try (Interpreter shared = new SharedInterpreter()) {
            shared.set("visible_only_here", 5);
            Object seen = onNewThread(() -> {
                try (Interpreter sub = new SubInterpreter()) {
                    return sub.getValue("'visible_only_here' in globals()");
                }
            });
            assertEquals(Boolean.FALSE, seen);
        }
    }
}
