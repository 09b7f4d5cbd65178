#pragma once
/// Gives large allocations (upload buffers) their own mappings, returned to the system when freed,
/// and caps the number of malloc arenas: bounds peak memory under many concurrent uploads.
/// No-op where glibc's mallopt is missing.
void personaseed_tune_malloc(void);
