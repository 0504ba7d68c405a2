package org.civicgraph.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Starts a Neo4j Community server on 127.0.0.1 for tests and local use.
 *
 * <pre>java -cp target/classes:target/lib/* org.civicgraph.neo4j.Launcher DATA_DIR [PORT] [PLUGIN_DIR]</pre>
 *
 * The databases are in DATA_DIR/data (an offline import writes there before the start).
 * Bolt listens on 127.0.0.1:PORT (0: a free port), authentication is off, HTTP is off. The page
 * cache is the system property {@code civicgraph.pagecache} (bytes, default 256 MiB): the benchmark
 * region needs about 1.5 GiB to stay in memory.
 * When Bolt is ready it prints one line {@code CIVICGRAPH_NEO4J_URI=bolt://127.0.0.1:PORT}.
 * It stops cleanly when its standard input closes or on SIGTERM.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Launcher DATA_DIR [PORT] [PLUGIN_DIR]");
            System.exit(2);
        }
        Path data = Path.of(args[0]).toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        // the databases live in DATA_DIR/data (not in the harness's random working folder), so that
        // `neo4j-admin database import full` can write a first load there before the server starts
        // (graph/store/neo4j_offline.py) and a server started again on DATA_DIR finds its data
        var builder = Neo4jBuilders.newInProcessBuilder(data)
                .withDisabledServer()
                .withConfig(GraphDatabaseSettings.data_directory, data.resolve("data"))
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(GraphDatabaseSettings.auth_enabled, false)
                .withConfig(GraphDatabaseSettings.pagecache_memory,
                        Long.getLong("civicgraph.pagecache", 256L * 1024 * 1024));
        if (args.length > 2) {
            builder = builder
                    .withConfig(GraphDatabaseSettings.plugin_dir, Path.of(args[2]).toAbsolutePath())
                    .withConfig(GraphDatabaseSettings.procedure_unrestricted, java.util.List.of("gds.*"));
        }
        Neo4j neo4j = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            neo4j.close();
            stopped.countDown();
        }, "civicgraph-neo4j-stop");
        Runtime.getRuntime().addShutdownHook(hook);

        System.out.println("CIVICGRAPH_NEO4J_URI=" + neo4j.boltURI());
        System.out.flush();

        // stdin closing (the parent went away) stops the server as SIGTERM does
        InputStream in = System.in;
        try {
            while (in.read() != -1) {
                // ignore input
            }
        } catch (IOException ignored) {
            // treated as closed
        }
        System.exit(0);
    }
}
