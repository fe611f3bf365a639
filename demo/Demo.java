import java.util.List;
import java.util.Map;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/**
 * The README demo: a plain Java program that embeds CPython through krait's jar,
 * hands Java data to Python, computes in Python and prints the Java-side result.
 */
public final class Demo {

    private Demo() {
    }

    /** Runs the demo. */
    public static void main(String[] args) {
        List<Double> readings = List.of(21.5, 22.0, 19.8, 23.4, 20.1, 22.7);
        try (Interpreter py = new SharedInterpreter()) {
            py.set("readings", readings);
            py.exec(String.join("\n",
                    "import statistics, sys",
                    "def summarize(values, unit='C'):",
                    "    return {'mean': round(statistics.fmean(values), 2),",
                    "            'stdev': round(statistics.stdev(values), 2),",
                    "            'max': max(values), 'unit': unit, 'count': len(values)}"));
            @SuppressWarnings("unchecked")
            Map<String, Object> summary =
                    (Map<String, Object>) py.invoke("summarize", new Object[] {readings}, Map.of("unit", "°C"));
            System.out.println("Python " + py.getValue("sys.version.split()[0]") + " computed for Java: " + summary);
            long big = ((java.math.BigInteger) py.getValue("2**100")).bitLength();
            System.out.println("2**100 came back as a java.math.BigInteger of " + big + " bits");
            try {
                py.exec("int('not a number')");
            } catch (JepException e) {
                System.out.println("Python error seen from Java: " + e.getMessage());
            }
        }
        try (Interpreter sub = new SubInterpreter()) {
            sub.exec("import sys; words = 'krait runs python in the jvm'.split()");
            System.out.println("A sub-interpreter counted " + sub.getValue("len(words)") + " words: "
                    + sub.getValue("[w.upper() for w in words]"));
        }
    }
}
