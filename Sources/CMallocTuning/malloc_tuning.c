#include "malloc_tuning.h"
#include <stdlib.h>  // defines __GLIBC__ on glibc systems, which the checks below need
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void personaseed_tune_malloc(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_ARENA_MAX, 2);
#endif
}

void personaseed_release_free_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
