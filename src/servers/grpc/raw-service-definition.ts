/**
 * rawServiceDefinition describes a protobufjs service to @grpc/grpc-js with identity
 * (de)serializers: handlers receive the request bytes and answer bytes, decoding and encoding
 * with protobufjs themselves, so a malformed message is the handler's INVALID_ARGUMENT rather
 * than grpc-js' INTERNAL, and an echo costs no decode at all.
 */
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import type { Service } from 'protobufjs';

function identity(buf: Buffer): Buffer {
  return buf;
}

/** rawServiceDefinition maps each method name to its path and streaming flags, with Buffer in and out. */
export function rawServiceDefinition(service: Service): ServiceDefinition {
  const definition: Record<string, MethodDefinition<Buffer, Buffer>> = {};
  const serviceName = service.fullName.replace(/^\./, '');
  for (const method of service.methodsArray) {
    definition[method.name] = {
      path: `/${serviceName}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: identity,
      requestDeserialize: identity,
      responseSerialize: identity,
      responseDeserialize: identity,
      originalName: method.name,
    };
  }
  return definition;
}
