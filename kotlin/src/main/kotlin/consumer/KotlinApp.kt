// A Kotlin application using krait's jep API: `use {}`, typed getValue, a Kotlin
// lambda handed to Python as a Java functional interface, and a Python exception
// caught in Kotlin. Fails (non-zero exit) when any answer is not the expected one.
package consumer

import java.util.function.Function
import jep.JepException
import jep.SharedInterpreter

fun main() {
    SharedInterpreter().use { py ->
        py.exec("import math")
        val hypot = py.invoke("math.hypot", 3.0, 4.0) as Double
        check(hypot == 5.0) { "math.hypot(3, 4) = $hypot" }

        // Typed getValue: the jep API is annotated, so Kotlin knows the result may be null.
        val answer: Int? = py.getValue("6 * 7", Int::class.javaObjectType)
        check(answer == 42) { "6 * 7 = $answer" }
        val nothing: String? = py.getValue("None", String::class.java)
        check(nothing == null) { "None = $nothing" }

        // A Kotlin lambda as a java.util.function.Function, called from Python.
        val shout = Function<String, String> { it.uppercase() + "!" }
        py.set("shout", shout)
        py.exec("loud = [shout.apply(w) for w in ('kotlin', 'python')]")
        val loud = py.getValue("loud", List::class.java)
        check(loud == listOf("KOTLIN!", "PYTHON!")) { "loud = $loud" }

        // A Python exception arrives as a JepException naming the Python type.
        val message = try {
            py.exec("raise ValueError('no such thing')")
            null
        } catch (e: JepException) {
            e.message
        }
        check(message != null && "ValueError" in message && "no such thing" in message) {
            "caught: $message"
        }
        println("kotlin consumer: hypot=$hypot answer=$answer loud=$loud caught=$message")
    }
}
