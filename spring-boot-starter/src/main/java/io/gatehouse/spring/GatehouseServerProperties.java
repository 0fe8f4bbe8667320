package io.gatehouse.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Gatehouse's own server listens: {@code gatehouse.server.port} (default 8090; 0 for any free
 * port) and {@code gatehouse.server.address} (default: every interface). These two keys are the
 * starter's; everything else under {@code gatehouse:} is the configuration file's schema.
 */
@ConfigurationProperties("gatehouse.server")
public class GatehouseServerProperties {

    /** The default port, beside Boot's 8080. */
    public static final int DEFAULT_PORT = 8090;

    private int port = DEFAULT_PORT;
    private String address;

    /** The port to listen on; 0 for any free one. */
    public int getPort() {
        return port;
    }

    public void setPort(int port) {
        this.port = port;
    }

    /** The interface to bind, e.g. {@code 127.0.0.1}; null for every interface. */
    public String getAddress() {
        return address;
    }

    public void setAddress(String address) {
        this.address = address;
    }
}
