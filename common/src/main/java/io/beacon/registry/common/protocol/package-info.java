/**
 * The messages servers exchange: one immutable record per request and response. They travel as
 * Hessian2 over Bolt (see {@code common.rpc}); only classes in this package, {@code common.model},
 * {@code common.slot}, the registry-core client model and plain JDK values may appear in a stream.
 *
 * <p>Session to meta and data to meta: {@link HeartbeatRequest} / {@link HeartbeatResponse}.
 * Session to data: {@link WriteBatchRequest} / {@link WriteBatchResponse} (several slots' batches
 * together: {@link WriteBatchesRequest} / {@link WriteBatchesResponse}), {@link FetchDatumRequest}
 * / {@link FetchDatumResponse}. Data to session: {@link DataChangeNotice} / {@link Ack}.
 */
package io.beacon.registry.common.protocol;
