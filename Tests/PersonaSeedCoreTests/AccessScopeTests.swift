import PersonaSeedCore
import Testing

@Suite struct AccessScopeTests {
    @Test func scopeListsParseStrictly() {
        #expect(AccessScope.parseList("read,write") == [.read, .write])
        #expect(AccessScope.parseList(" admin , approve ") == [.admin, .approve])
        #expect(AccessScope.parseList("read,,write") == [.read, .write])
        #expect(AccessScope.parseList("") == nil)
        #expect(AccessScope.parseList(",") == nil)
        #expect(AccessScope.parseList("read,root") == nil)
        #expect(AccessScope.parseList("READ") == nil)
        #expect(AccessScope.listText([.admin, .read, .approve, .write]) == "read,write,approve,admin")
    }

    @Test func keyNames() {
        #expect(APIKeyRequest.isValidName("ci-bot.v2_x"))
        #expect(APIKeyRequest.isValidName(String(repeating: "a", count: 64)))
        #expect(!APIKeyRequest.isValidName(String(repeating: "a", count: 65)))
        #expect(!APIKeyRequest.isValidName(""))
        #expect(!APIKeyRequest.isValidName("a b"))
        #expect(!APIKeyRequest.isValidName("é"))
        #expect(!APIKeyRequest.isValidName("a/b"))
    }

    @Test func requestBodies() throws {
        let parsed = try APIKeyRequest.parse(body: .object(["name": .string("ci"), "scopes": .array([.string("write"), .string("read")])]))
        #expect(parsed == APIKeyRequest(name: "ci", scopes: [.read, .write]))
        #expect(throws: ValidationFailure.self) { try APIKeyRequest.parse(body: .array([])) }
        #expect(throws: ValidationFailure.self) { try APIKeyRequest.parse(body: .object(["name": .string("ci"), "scopes": .array([])])) }
        #expect(throws: ValidationFailure.self) { try APIKeyRequest.parse(body: .object(["name": .number(1), "scopes": .array([.string("read")])])) }
    }
}
