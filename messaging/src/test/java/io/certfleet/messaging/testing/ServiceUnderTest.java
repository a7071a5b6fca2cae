package io.certfleet.messaging.testing;

import io.certfleet.embedded.testing.SharedInfrastructure;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service (or a bare messaging context) running in this JVM against the shared broker and a fresh database of
 * its own: the Micronaut context, its HTTP server if it has one (on a random port), and plain JDBC access to its
 * schema for assertions.
 */
public final class ServiceUnderTest implements AutoCloseable {
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ApplicationContext context;
    private final EmbeddedServer server;
    private final String database;
    private final String jdbcUrl;
    private final String username;
    private final String password;

    private ServiceUnderTest(
            ApplicationContext context,
            EmbeddedServer server,
            String database,
            String jdbcUrl,
            String username,
            String password) {
        this.context = context;
        this.server = server;
        this.database = database;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
    }

    /**
     * Starts a context with the service's own configuration plus: the shared broker, a fresh database (named after
     * {@code schema}), a random HTTP port, health details visible, and {@code overrides}.
     *
     * @param schema the service's schema (its Flyway {@code default-schema}), used for JDBC assertions
     */
    public static ServiceUnderTest start(String schema, Map<String, Object> overrides) {
        return start(schema, SharedInfrastructure.freshDatabase(schema), overrides);
    }

    /**
     * Like {@link #start(String, Map)} on a given database, e.g. to run a second instance of the same service.
     *
     * @param database JDBC URL from {@link SharedInfrastructure#freshDatabase(String)}
     */
    public static ServiceUnderTest start(String schema, String database, Map<String, Object> overrides) {
        Map<String, Object> properties = new LinkedHashMap<>(SharedInfrastructure.micronautProperties(database));
        properties.put("micronaut.server.port", -1);
        properties.put("endpoints.health.details-visible", "ANONYMOUS");
        properties.putAll(overrides);
        ApplicationContext context =
                ApplicationContext.builder().properties(properties).start();
        EmbeddedServer server = context.findBean(EmbeddedServer.class).orElse(null);
        if (server != null) {
            server.start();
        }
        String jdbcUrl = database + (database.contains("?") ? "&" : "?") + "currentSchema=" + schema;
        return new ServiceUnderTest(
                context,
                server,
                database,
                jdbcUrl,
                SharedInfrastructure.postgres().username(),
                SharedInfrastructure.postgres().password());
    }

    /** The JDBC URL of the service's database (without the schema), to start another instance on it. */
    public String database() {
        return database;
    }

    public ApplicationContext context() {
        return context;
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** The URI of a path on the service's HTTP server. */
    public URI uri(String path) {
        if (server == null) {
            throw new IllegalStateException("this context has no HTTP server");
        }
        return server.getURI().resolve(path);
    }

    /** GET a path; returns the response (status and body). */
    public HttpResponse<String> get(String path) {
        return get(path, new String[0]);
    }

    /**
     * GET a path with more headers, e.g. {@code "Authorization", "Bearer <token>"}.
     *
     * @param headers header names and values, alternating
     */
    public HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** POST a JSON body to a path; returns the response (status and body). */
    public HttpResponse<String> postJson(String path, String json) {
        return postJson(path, json, new String[0]);
    }

    /**
     * POST a JSON body to a path with more headers, e.g. {@code "Authorization", "Bearer <token>"}; returns the
     * response (status and body).
     *
     * @param headers header names and values, alternating
     */
    public HttpResponse<String> postJson(String path, String json, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    public HttpResponse<String> delete(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).DELETE();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("HTTP " + request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a query returning one number (e.g. {@code SELECT count(*) ...}) in the service's schema. */
    public long count(String sql, Object... parameters) {
        List<Map<String, Object>> rows = rows(sql, parameters);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new IllegalArgumentException("expected one row with one column from: " + sql);
        }
        return ((Number) rows.get(0).values().iterator().next()).longValue();
    }

    /** Runs a query in the service's schema; each row as column label → value. */
    public List<Map<String, Object>> rows(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<Map<String, Object>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                while (result.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= meta.getColumnCount(); c++) {
                        row.put(meta.getColumnLabel(c), result.getObject(c));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    /** Runs a statement in the service's schema; returns the update count. */
    public int execute(String sql, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, username, password);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("statement failed: " + sql, e);
        }
    }

    /** A new JDBC connection to the service's schema (the caller closes it). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    /** Stops the HTTP server and the context (listeners, relay). */
    @Override
    public void close() {
        if (server != null && server.isRunning()) {
            server.stop();
        }
        if (context.isRunning()) {
            context.close();
        }
    }
}
