/**
 * The messages servers exchange: one immutable record per request and response. They travel as
 * Hessian2 over Bolt (see {@code common.rpc}); only classes in this package, {@code common.model},
 * {@code common.slot}, {@code common.digest} (slot digests and diffs), the registry-core client
 * model and plain JDK values may appear in a stream ({@code HessianAllowlist}).
 *
 * <p>Session to meta and data to meta: {@link HeartbeatRequest} / {@link HeartbeatResponse}.
 * Session to data: {@link WriteBatchRequest} / {@link WriteBatchResponse} (several slots' batches
 * together: {@link WriteBatchesRequest} / {@link WriteBatchesResponse}), {@link FetchDatumRequest}
 * / {@link FetchDatumResponse}, {@link DatumVersionsRequest}, {@link SessionRenewRequest}. Data to
 * session: {@link DataChangeNotice} / {@link Ack}; data to session and data to data (slot syncs):
 * {@link SlotDigestRequest}, {@link SlotPublisherDiffRequest}.
 */
package io.beacon.registry.common.protocol;
