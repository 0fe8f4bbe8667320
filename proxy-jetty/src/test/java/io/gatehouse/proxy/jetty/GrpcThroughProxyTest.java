package io.gatehouse.proxy.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.ProxyConfig;
import io.gatehouse.proxy.Route;
import io.gatehouse.proxy.compress.CompressionPolicy;
import io.gatehouse.proxy.resilience.Backoff;
import io.gatehouse.proxy.resilience.RetryPolicy;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.grpc.testing.protobuf.SimpleRequest;
import io.grpc.testing.protobuf.SimpleResponse;
import io.grpc.testing.protobuf.SimpleServiceGrpc;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * gRPC through the proxy with real grpc-java peers (issue 12): a grpc-java server on 127.0.0.1
 * (plaintext h2c) behind the proxy, a grpc-java client on the proxy's h2c port. Unary and the
 * three streaming kinds pass; statuses and messages (trailers, and trailers-only responses) reach
 * the client; the deadline travels as {@code grpc-timeout}; the proxy's own errors are gRPC
 * statuses; a gRPC response is never gzip-coded by the proxy, nor a call retried once sent.
 */
class GrpcThroughProxyTest {

    private Server grpcServer;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final AtomicReference<Deadline> slowCallDeadline = new AtomicReference<>();
    private final CountDownLatch slowArrived = new CountDownLatch(1);
    private final CountDownLatch releaseSlow = new CountDownLatch(1);

    private final class Service extends SimpleServiceGrpc.SimpleServiceImplBase {
        @Override
        public void unaryRpc(SimpleRequest request, StreamObserver<SimpleResponse> out) {
            String message = request.getRequestMessage();
            if (message.startsWith("fail:")) {
                // No message before the error: grpc-java answers trailers-only.
                out.onError(Status.INVALID_ARGUMENT.withDescription(message.substring(5)).asRuntimeException());
                return;
            }
            if (message.equals("slow")) {
                slowCallDeadline.set(Context.current().getDeadline());
                slowArrived.countDown();
                try {
                    releaseSlow.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            out.onNext(reply("echo:" + message));
            out.onCompleted();
        }

        @Override
        public StreamObserver<SimpleRequest> clientStreamingRpc(StreamObserver<SimpleResponse> out) {
            StringBuilder all = new StringBuilder();
            return new StreamObserver<>() {
                @Override
                public void onNext(SimpleRequest value) {
                    all.append(value.getRequestMessage());
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    out.onNext(reply(all.toString()));
                    out.onCompleted();
                }
            };
        }

        @Override
        public void serverStreamingRpc(SimpleRequest request, StreamObserver<SimpleResponse> out) {
            for (int i = 0; i < 3; i++) {
                out.onNext(reply(request.getRequestMessage() + i));
            }
            out.onCompleted();
        }

        @Override
        public StreamObserver<SimpleRequest> bidiStreamingRpc(StreamObserver<SimpleResponse> out) {
            return new StreamObserver<>() {
                @Override
                public void onNext(SimpleRequest value) {
                    out.onNext(reply("re:" + value.getRequestMessage()));
                }

                @Override
                public void onError(Throwable t) {
                }

                @Override
                public void onCompleted() {
                    out.onCompleted();
                }
            };
        }
    }

    private static SimpleResponse reply(String text) {
        return SimpleResponse.newBuilder().setResponseMessage(text).build();
    }

    private static SimpleRequest request(String text) {
        return SimpleRequest.newBuilder().setRequestMessage(text).build();
    }

    @BeforeEach
    void setUp() throws Exception {
        grpcServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(new Service())
                .build().start();
    }

    @AfterEach
    void tearDown() throws Exception {
        releaseSlow.countDown();
        for (ManagedChannel channel : channels) {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
        grpcServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private ProxyConfig config(String upstream, UnaryOperator<Route.Builder> route) {
        return ProxyConfig.builder()
                .upstreamGroup("grpc", group -> group.upstream(upstream))
                .route("grpc", r -> route.apply(r.pathPrefix("/grpc.testing.SimpleService").to("grpc")))
                .build();
    }

    private ProxyConfig config() {
        return config("h2c://127.0.0.1:" + grpcServer.getPort(), r -> r);
    }

    private SimpleServiceGrpc.SimpleServiceBlockingStub blockingStub(Http2Proxy proxy) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", proxy.port()).usePlaintext().build();
        channels.add(channel);
        return SimpleServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private SimpleServiceGrpc.SimpleServiceStub asyncStub(Http2Proxy proxy) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", proxy.port()).usePlaintext().build();
        channels.add(channel);
        return SimpleServiceGrpc.newStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    /** Collects a streamed answer. */
    private static final class Collector implements StreamObserver<SimpleResponse> {
        final List<String> messages = new ArrayList<>();
        final CompletableFuture<List<String>> done = new CompletableFuture<>();

        @Override
        public synchronized void onNext(SimpleResponse value) {
            messages.add(value.getResponseMessage());
        }

        @Override
        public void onError(Throwable t) {
            done.completeExceptionally(t);
        }

        @Override
        public synchronized void onCompleted() {
            done.complete(List.copyOf(messages));
        }
    }

    @Test
    void unaryCallPasses() throws Exception {
        try (Http2Proxy proxy = Http2Proxy.h2c(config())) {
            assertEquals("echo:hi", blockingStub(proxy).unaryRpc(request("hi")).getResponseMessage());
        }
    }

    @Test
    void statusAndMessageOfATrailersOnlyErrorReachTheClient() throws Exception {
        try (Http2Proxy proxy = Http2Proxy.h2c(config())) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> blockingStub(proxy).unaryRpc(request("fail:bad input é 100%")));

            assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
            assertEquals("bad input é 100%", e.getStatus().getDescription());
        }
    }

    @Test
    void serverStreamingPasses() throws Exception {
        try (Http2Proxy proxy = Http2Proxy.h2c(config())) {
            Iterator<SimpleResponse> answers = blockingStub(proxy).serverStreamingRpc(request("m"));
            List<String> messages = new ArrayList<>();
            answers.forEachRemaining(answer -> messages.add(answer.getResponseMessage()));

            assertEquals(List.of("m0", "m1", "m2"), messages);
        }
    }

    @Test
    void clientStreamingPasses() throws Exception {
        try (Http2Proxy proxy = Http2Proxy.h2c(config())) {
            Collector collector = new Collector();
            StreamObserver<SimpleRequest> requests = asyncStub(proxy).clientStreamingRpc(collector);
            requests.onNext(request("a"));
            requests.onNext(request("b"));
            requests.onNext(request("c"));
            requests.onCompleted();

            assertEquals(List.of("abc"), collector.done.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void bidiStreamingPassesEachMessageAsItComes() throws Exception {
        try (Http2Proxy proxy = Http2Proxy.h2c(config())) {
            List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
            CountDownLatch first = new CountDownLatch(1);
            CompletableFuture<Void> done = new CompletableFuture<>();
            StreamObserver<SimpleRequest> requests = asyncStub(proxy).bidiStreamingRpc(new StreamObserver<>() {
                @Override
                public void onNext(SimpleResponse value) {
                    received.add(value.getResponseMessage());
                    first.countDown();
                }

                @Override
                public void onError(Throwable t) {
                    done.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                    done.complete(null);
                }
            });
            requests.onNext(request("one"));
            // The answer to the first message arrives while the call is still open (no buffering).
            assertTrue(first.await(10, TimeUnit.SECONDS));
            requests.onNext(request("two"));
            requests.onCompleted();
            done.get(10, TimeUnit.SECONDS);

            assertEquals(List.of("re:one", "re:two"), received);
        }
    }

    @Test
    void theDeadlineTravelsAsGrpcTimeoutAndASlowServerGivesDeadlineExceeded() throws Exception {
        try (Http2Proxy proxy = Http2Proxy.h2c(config())) {
            SimpleServiceGrpc.SimpleServiceBlockingStub stub = blockingStub(proxy).withDeadlineAfter(2, TimeUnit.SECONDS);
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.unaryRpc(request("slow")));

            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
            assertTrue(slowArrived.await(5, TimeUnit.SECONDS));
            Deadline seen = slowCallDeadline.get();
            assertNotNull(seen, "the server saw no grpc-timeout");
            assertTrue(seen.timeRemaining(TimeUnit.MILLISECONDS) <= 2_000, seen.toString());
        }
    }

    @Test
    void anUpstreamThatIsDownIsUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        try (Http2Proxy proxy = Http2Proxy.h2c(config("h2c://127.0.0.1:" + closedPort, r -> r))) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> blockingStub(proxy).unaryRpc(request("hi")));

            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
            String description = e.getStatus().getDescription();
            assertNotNull(description);
            assertFalse(description.contains("{"), "not a problem+json body: " + description);
            assertFalse(description.contains(Integer.toString(closedPort)), "no upstream address: " + description);
        }
    }

    @Test
    void theProxysResponseTimeoutIsDeadlineExceeded() throws Exception {
        try (Http2Proxy proxy = Http2Proxy.h2c(config("h2c://127.0.0.1:" + grpcServer.getPort(),
                r -> r.responseTimeout(Duration.ofMillis(300)).retry(RetryPolicy.none())))) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> blockingStub(proxy).unaryRpc(request("slow")));

            assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode(), e.getStatus().toString());
            assertNotNull(e.getStatus().getDescription());
        }
    }

    @Test
    void aMethodWithoutARouteIsUnimplemented() throws Exception {
        ProxyConfig config = ProxyConfig.builder()
                .upstreamGroup("grpc", group -> group.upstream("h2c://127.0.0.1:" + grpcServer.getPort()))
                .route("other", r -> r.pathPrefix("/other.Service").to("grpc"))
                .build();
        try (Http2Proxy proxy = Http2Proxy.h2c(config)) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> blockingStub(proxy).unaryRpc(request("hi")));

            assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode(), e.getStatus().toString());
        }
    }

    @Test
    void grpcResponsesAreNotGzippedEvenWhenTheTypeIsListed() throws Exception {
        ProxyConfig config = ProxyConfig.builder()
                .upstreamGroup("grpc", group -> group.upstream("h2c://127.0.0.1:" + grpcServer.getPort()))
                .route("grpc", r -> r.pathPrefix("/").to("grpc"))
                .compression(CompressionPolicy.builder().types(true, "application/grpc").minSize(1).build())
                .build();
        try (Http2Proxy proxy = Http2Proxy.h2c(config)) {
            Iterator<SimpleResponse> answers = blockingStub(proxy).serverStreamingRpc(request("x".repeat(2000)));
            int count = 0;
            while (answers.hasNext()) {
                answers.next();
                count++;
            }
            assertEquals(3, count);
        }
    }

    @Test
    void aGrpcCallIsNotRetriedOnceSentEvenWhereTheRouteRetriesPosts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Handler unavailable = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                calls.incrementAndGet();
                Content.Source.asString(request); // the whole call read, so nothing of it could be replayed
                response.setStatus(503);
                callback.succeeded();
                return true;
            }
        };
        try (Http2Backend backend = Http2Backend.h2c(unavailable);
             Http2Proxy proxy = Http2Proxy.h2c(config("h2c://127.0.0.1:" + backend.port(), r -> r.retry(
                     RetryPolicy.builder().maxAttempts(3).retryNonIdempotent(true).retryStatusOnSameUpstream(true)
                             .backoff(Backoff.none()).build())))) {
            StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                    () -> blockingStub(proxy).unaryRpc(request("hi")));

            assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode(), e.getStatus().toString());
            assertEquals(1, calls.get());
        }
    }
}
