// Umbrella header for the CVips system library: libvips' C API and zlib (crc32).
#include <vips/vips.h>
#include <zlib.h>
