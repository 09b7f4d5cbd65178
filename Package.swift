// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "personaseed",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "personaseed", targets: ["personaseed"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.0"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/vapor/websocket-kit.git", from: "2.16.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.0"),
    ],
    targets: [
        .executableTarget(
            name: "personaseed",
            dependencies: ["App", "CMallocTuning"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "App",
            dependencies: [
                "PersonaSeedCore", "ImageKit", "Storage", "Generation", "CMallocTuning",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "PersonaSeedCore", swiftSettings: strictSettings),
        .target(
            name: "Generation",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "WebSocketKit", package: "websocket-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // Loopback servers that speak each engine's wire protocol: the engines' stand-ins in tests and
        // in the benchmark. Not part of the product.
        .target(
            name: "EngineFakes",
            dependencies: [.product(name: "Vapor", package: "vapor")],
            path: "Tests/EngineFakes",
            swiftSettings: strictSettings
        ),
        .target(name: "CMallocTuning"),
        .target(name: "Storage", swiftSettings: strictSettings),
        .systemLibrary(
            name: "CVips",
            pkgConfig: "vips",
            providers: [.apt(["libvips-dev"])]
        ),
        .target(name: "CVipsShim", dependencies: ["CVips"]),
        .target(name: "ImageKit", dependencies: ["CVipsShim"], swiftSettings: strictSettings),
        .executableTarget(
            name: "imagekit-bench",
            dependencies: ["ImageKit"],
            path: "Benchmarks/imagekit-bench",
            swiftSettings: strictSettings
        ),
        // libFuzzer target over ImageKit.process (scripts/fuzz builds it with
        // -sanitize=fuzzer,address); a plain build replays files through the same checks.
        .executableTarget(
            name: "image-fuzz",
            dependencies: ["ImageKit"],
            path: "Fuzz/image-fuzz",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "generation-bench",
            dependencies: [
                "App", "EngineFakes", "ImageKit", "Generation",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Vapor", package: "vapor"),
            ],
            path: "Benchmarks/generation-bench",
            swiftSettings: strictSettings
        ),
        // The fake AUTOMATIC1111 as a process, for the browser tests. Not part of the product.
        .executableTarget(
            name: "engine-fake",
            dependencies: ["EngineFakes"],
            path: "Tests/engine-fake",
            swiftSettings: strictSettings
        ),
        .testTarget(name: "PersonaSeedCoreTests", dependencies: ["PersonaSeedCore"]),
        .testTarget(name: "ImageKitTests", dependencies: ["ImageKit"]),
        .testTarget(
            name: "GenerationTests",
            dependencies: [
                "Generation", "EngineFakes",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App", "EngineFakes",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ]
)

/// Our own targets must build without warnings (checked in CI by `scripts/test`).
var strictSettings: [SwiftSetting] { [] }
