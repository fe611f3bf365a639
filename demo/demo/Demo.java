package demo;

import java.util.List;
import java.util.Map;

import jep.Interpreter;
import jep.JepException;
import jep.SharedInterpreter;
import jep.SubInterpreter;

/**
 * The README demo: a plain Java program that embeds CPython through krait's jar. Java
 * hands data to Python, Python computes with it and calls back into Java (Java
 * collections and a method of this class), and Java prints what comes back.
 */
public final class Demo {

    private Demo() {
    }

    /**
     * Converts Celsius to Fahrenheit; Python calls this Java method.
     *
     * @param celsius a temperature in °C
     * @return the same temperature in °F
     */
    public static double toFahrenheit(double celsius) {
        return celsius * 9 / 5 + 32;
    }

    /** Runs the demo. */
    public static void main(String[] args) {
        List<Double> readings = List.of(21.5, 22.0, 19.8, 23.4, 20.1, 22.7);
        try (Interpreter py = new SharedInterpreter()) {
            py.set("readings", readings);
            py.exec(String.join("\n",
                    "import statistics, sys",
                    "from java.util import TreeMap",
                    "from demo import Demo",
                    "def summarize(values, unit='C'):",
                    "    report = TreeMap()                      # a Java collection, used from Python",
                    "    report['mean'] = round(statistics.fmean(values), 2)",
                    "    report['stdev'] = round(statistics.stdev(values), 2)",
                    "    report['max'] = max(values)",
                    "    report['max_F'] = Demo.toFahrenheit(max(values))   # a Java method",
                    "    report['unit'] = unit",
                    "    return report"));
            @SuppressWarnings("unchecked")
            Map<String, Object> summary =
                    (Map<String, Object>) py.invoke("summarize", new Object[] {readings}, Map.of("unit", "°C"));
            System.out.println("Python " + py.getValue("sys.version.split()[0]") + " computed for Java: " + summary);
            long big = ((java.math.BigInteger) py.getValue("2**100")).bitLength();
            System.out.println("2**100 came back as a java.math.BigInteger of " + big + " bits");
            try {
                py.exec("from java.lang import Integer\nInteger.parseInt('not a number')");
            } catch (JepException e) {
                System.out.println("A Java exception raised through Python: " + e.getMessage()
                        + " (cause: " + e.getCause().getClass().getName() + ")");
            }
        }
        try (Interpreter sub = new SubInterpreter()) {
            sub.exec("words = 'krait runs python in the jvm'.split()");
            System.out.println("A sub-interpreter counted " + sub.getValue("len(words)") + " words: "
                    + sub.getValue("[w.upper() for w in words]"));
        }
    }
}
