package io.hookshot.worker.config;

/** Where the history lives: a PostgreSQL JDBC URL, its credentials and the connection pool size. */
public record DatabaseConfig(String url, String user, String password, int poolSize) {
    @Override
    public String toString() {
        return "DatabaseConfig[url=" + url + ", user=" + user + ", password=***, poolSize=" + poolSize + "]";
    }
}
