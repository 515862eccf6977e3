import type { Descriptor } from './oci-image-index.ts'

/** A Docker image manifest, version 2 schema 2 (as `skopeo copy --format v2s2` writes it). */
export interface DockerManifest {
  schemaVersion: 2
  mediaType: 'application/vnd.docker.distribution.manifest.v2+json'
  config: Descriptor
  layers: Descriptor[]
}

export interface OciManifest {
  schemaVersion: 2
  mediaType: 'application/vnd.oci.image.manifest.v1+json'
  config: Descriptor
  layers: Descriptor[]
}

const ociMediaTypes: Record<string, string> = {
  'application/vnd.docker.container.image.v1+json': 'application/vnd.oci.image.config.v1+json',
  'application/vnd.docker.image.rootfs.diff.tar.gzip':
    'application/vnd.oci.image.layer.v1.tar+gzip',
  'application/vnd.docker.image.rootfs.diff.tar': 'application/vnd.oci.image.layer.v1.tar',
}

function toOciDescriptor({ mediaType, digest, size }: Descriptor): Descriptor {
  const oci = ociMediaTypes[mediaType]
  if (!oci) throw new Error(`no OCI media type for ${mediaType}`)
  return { mediaType: oci, digest, size }
}

/**
 * The OCI manifest of a Docker image, over the very same blobs (as BuildKit's OCI media types
 * output): the config stays Docker's JSON byte for byte, so HEALTHCHECK, which an OCI image
 * config has no field for, is kept; skopeo's own conversion would rewrite the config and drop it.
 */
export function toOciManifest(manifest: DockerManifest): OciManifest {
  return {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: toOciDescriptor(manifest.config),
    layers: manifest.layers.map(toOciDescriptor),
  }
}
