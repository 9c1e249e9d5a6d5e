package org.felicette.bench;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/**
 * The peer: YouCat's way of loading a CSV, JDBC batches of 1000 rows each committed on its own,
 * into the benchmark's 10-column table. Usage: BatchLoad JDBC_URL USER TABLE CSV
 */
public final class BatchLoad {

    private BatchLoad() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        long rows = 0;
        try (Connection c = DriverManager.getConnection(args[0], args[1], "");
             BufferedReader in = Files.newBufferedReader(Path.of(args[3]), StandardCharsets.UTF_8)) {
            c.setAutoCommit(false);
            in.readLine(); // header
            try (PreparedStatement st = c.prepareStatement("INSERT INTO " + args[2]
                    + " (id, ra, dec, g, r, i, z, y, flag, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] f = line.split(",", -1);
                    st.setLong(1, Long.parseLong(f[0]));
                    st.setDouble(2, Double.parseDouble(f[1]));
                    st.setDouble(3, Double.parseDouble(f[2]));
                    for (int k = 3; k < 8; k++) {
                        st.setFloat(k + 1, Float.parseFloat(f[k]));
                    }
                    st.setInt(9, Integer.parseInt(f[8]));
                    st.setString(10, f[9]);
                    st.addBatch();
                    if (++rows % 1000 == 0) {
                        st.executeBatch();
                        c.commit();
                    }
                }
                st.executeBatch();
                c.commit();
            }
        }
        System.out.printf("%d rows in %.2f s%n", rows, (System.nanoTime() - start) / 1e9);
    }
}
