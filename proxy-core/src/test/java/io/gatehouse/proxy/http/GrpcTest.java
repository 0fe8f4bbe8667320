package io.gatehouse.proxy.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gatehouse.proxy.compress.CompressionPolicy;
import org.junit.jupiter.api.Test;

class GrpcTest {

    @Test
    void grpcContentTypesAreRecognised() {
        assertTrue(Grpc.isGrpc("application/grpc"));
        assertTrue(Grpc.isGrpc("application/grpc+proto"));
        assertTrue(Grpc.isGrpc("Application/GRPC; charset=utf-8"));
        assertFalse(Grpc.isGrpc("application/grpc-web"));
        assertFalse(Grpc.isGrpc("application/json"));
        assertFalse(Grpc.isGrpc(null));
    }

    @Test
    void proxyStatusesMapToTheGrpcStatusesClientsExpect() {
        assertEquals(Grpc.UNAVAILABLE, Grpc.statusFor(502));
        assertEquals(Grpc.UNAVAILABLE, Grpc.statusFor(503));
        assertEquals(Grpc.UNAVAILABLE, Grpc.statusFor(429));
        assertEquals(Grpc.DEADLINE_EXCEEDED, Grpc.statusFor(504));
        assertEquals(12, Grpc.statusFor(404));
        assertEquals(7, Grpc.statusFor(403));
        assertEquals(16, Grpc.statusFor(401));
        assertEquals(8, Grpc.statusFor(413));
        assertEquals(13, Grpc.statusFor(400));
        assertEquals(2, Grpc.statusFor(500));
    }

    @Test
    void messagesArePercentEncodedOutsidePrintableAscii() {
        assertEquals("no upstream 100%25 down: caf%C3%A9%0A", Grpc.message("no upstream 100% down: café\n"));
    }

    @Test
    void grpcIsNeverCompressibleEvenWhenListed() {
        CompressionPolicy policy = CompressionPolicy.builder().types(true, "application/grpc", "application/grpc+proto").build();
        assertFalse(policy.compressible("application/grpc"));
        assertFalse(policy.compressible("application/grpc+proto"));
        assertTrue(policy.compressible("text/plain"));
    }
}
