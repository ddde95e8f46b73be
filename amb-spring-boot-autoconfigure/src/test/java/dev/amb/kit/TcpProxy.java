package dev.amb.kit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback TCP proxy in front of a real broker server, for resilience tests that need "the
 * server" to go away and come back for one client without disturbing the shared server: while
 * {@link #cut()}, every connection is dropped and new ones are closed as soon as they are
 * accepted, which a client sees exactly as a lost server; {@link #restore()} lets connections
 * through again. The server keeps running, so durable state (Redis Streams, JetStream) survives
 * the "outage". {@link #stall()} is the other kind of outage: connections stay open but nothing
 * gets through (a hung server, a network black hole), so commands time out instead of failing at
 * once; the bytes are held, not lost, and flow again after {@link #restore()}.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;

    private final String targetHost;

    private final int targetPort;

    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tcp-proxy");
        thread.setDaemon(true);
        return thread;
    });

    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    private volatile boolean linked = true;

    private volatile boolean stalled;

    private volatile boolean closed;

    /**
     * Starts the proxy on a free loopback port.
     * @param targetHost the server's host
     * @param targetPort the server's port
     * @throws IOException when no port can be opened
     */
    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /** @return the loopback port clients connect to */
    public int port() {
        return server.getLocalPort();
    }

    /** Drops every connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        stalled = false;
        linked = false;
        sockets.forEach(TcpProxy::closeQuietly);
        sockets.clear();
    }

    /** Keeps every connection open but lets nothing through until {@link #restore()} (or {@link #cut()}). */
    public void stall() {
        stalled = true;
    }

    /** Lets connections through again. */
    public void restore() {
        stalled = false;
        linked = true;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (!linked) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                threads.execute(() -> pipe(client, upstream));
                threads.execute(() -> pipe(upstream, client));
            }
            catch (IOException ex) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                while (stalled && !closed && !from.isClosed()) {
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L);
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        }
        catch (IOException ex) {
            // the link was cut or a side closed
        }
        finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        cut();
        threads.shutdownNow();
    }
}
