package krait.bench;

import java.util.ArrayList;
import java.util.List;

/** Java data that the benchmarks' Python code fetches through Java calls. */
public final class Data {
    private Data() {}

    public static List<Integer> integers(int n) {
        List<Integer> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(i);
        }
        return list;
    }
}
