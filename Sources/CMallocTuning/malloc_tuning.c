#include "malloc_tuning.h"
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void personaseed_tune_malloc(void) {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 1 << 20);
    mallopt(M_ARENA_MAX, 2);
#endif
}
