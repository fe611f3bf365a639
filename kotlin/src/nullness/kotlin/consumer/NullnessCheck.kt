// Must NOT compile (scripts/consumers.sh checks the error): the jep API declares that
// getValue may return null, so Kotlin refuses to assign it to a non-null String.
package consumer

import jep.Interpreter

fun nullness(py: Interpreter): String {
    val s: String = py.getValue("None", String::class.java)
    return s
}
