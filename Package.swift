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
                "PersonaSeedCore", "ImageKit", "Storage", "CMallocTuning",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "MultipartKit", package: "multipart-kit"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "PersonaSeedCore", swiftSettings: strictSettings),
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
        .testTarget(name: "PersonaSeedCoreTests", dependencies: ["PersonaSeedCore"]),
        .testTarget(name: "ImageKitTests", dependencies: ["ImageKit"]),
        .testTarget(
            name: "AppTests",
            dependencies: [
                "App",
                .product(name: "VaporTesting", package: "vapor"),
            ]
        ),
    ]
)

/// Our own targets must build without warnings (checked in CI by `scripts/test`).
var strictSettings: [SwiftSetting] { [] }
