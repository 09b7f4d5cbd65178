#pragma once
/// Gives large allocations (upload buffers) their own mappings, returned to the system when freed,
/// and caps the number of malloc arenas: bounds peak memory under many concurrent uploads.
/// No-op where glibc's mallopt is missing.
void personaseed_tune_malloc(void);

/// Returns freed heap memory to the system (glibc's malloc_trim). Called after large image jobs, whose
/// many mid-sized buffers otherwise stay with the process as free heap after the job.
void personaseed_release_free_memory(void);
