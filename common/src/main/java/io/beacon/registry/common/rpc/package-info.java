/**
 * The only package that touches SOFA Bolt and sofa-hessian: {@link
 * io.beacon.registry.common.rpc.RpcServer}, {@link io.beacon.registry.common.rpc.RpcClient} and the
 * allowlisting {@link io.beacon.registry.common.rpc.HessianCodec}.
 */
package io.beacon.registry.common.rpc;
