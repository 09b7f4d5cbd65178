#if IMAGE_FUZZ_LIBFUZZER
import Glibc
import ImageKit

// libFuzzer's entry points (scripts/fuzz builds with -sanitize=fuzzer and
// -D IMAGE_FUZZ_LIBFUZZER; libFuzzer then supplies `main`). A broken promise aborts, which
// libFuzzer reports like any crash and saves the input as crash-<sha1>.

@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?,
                           _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    // libvips' one-time setup (types, thread pool, hardening) before the first input, so
    // its process-lifetime allocations are not mistaken for one input's leak.
    do {
        try ImageKit.prepare()
    } catch {
        printError("image-fuzz: libvips unavailable: \(error)")
        exit(2)
    }
    _ = PipelineOracle.scratch
    return 0
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    if case .violation(let message) = PipelineOracle.check(bytes) {
        printError("image-fuzz: VIOLATION: \(message)")
        abort()
    }
    return 0
}
#endif
