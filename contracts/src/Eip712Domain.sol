// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import "./Errors.sol";

/// @title EIP-712 domain and signer recovery
/// @notice The one implementation of the EIP-712 domain the hub (signed consent) and the forwarder
/// (forward requests) verify against, as OpenZeppelin's `utils/cryptography/EIP712.sol`: domain
/// `EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)` with this
/// contract's address and the chain's id, the separator cached at deployment and recomputed when
/// the chain id (a fork) or the address (a copy of the code) differs, `DOMAIN_SEPARATOR()` and the
/// EIP-5267 `eip712Domain()`. Name and version are constructor arguments of at most 31 bytes, kept
/// in immutables (OpenZeppelin's `ShortStrings`), so the domain costs no storage. Signatures must
/// have v 27/28 and a low s (EIP-2).
abstract contract Eip712Domain {
    bytes32 private constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    /// secp256k1 order / 2: signatures with a larger s are the malleable twin of a low-s one.
    uint256 private constant HALF_ORDER = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0;

    /// Name and version as short strings: the bytes left-aligned, the length in the lowest byte.
    bytes32 private immutable _shortName;
    bytes32 private immutable _shortVersion;
    bytes32 private immutable _nameHash;
    bytes32 private immutable _versionHash;
    bytes32 private immutable _cachedDomainSeparator;
    uint256 private immutable _cachedChainId;
    address private immutable _cachedThis;

    /// @param name The domain name (at most 31 bytes).
    /// @param version The domain version (at most 31 bytes).
    constructor(string memory name, string memory version) {
        _shortName = _toShort(name);
        _shortVersion = _toShort(version);
        _nameHash = keccak256(bytes(name));
        _versionHash = keccak256(bytes(version));
        _cachedChainId = block.chainid;
        _cachedThis = address(this);
        _cachedDomainSeparator = _buildDomainSeparator();
    }

    /// @notice The EIP-712 domain separator of this contract on this chain.
    /// @return The separator.
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparator();
    }

    /// @notice The EIP-712 domain (EIP-5267).
    /// @return fields Bit set of the fields present (name, version, chainId, verifyingContract).
    /// @return name The domain name.
    /// @return version The domain version.
    /// @return chainId The chain id.
    /// @return verifyingContract This contract.
    /// @return salt Unused (zero).
    /// @return extensions Unused (empty).
    function eip712Domain()
        external
        view
        returns (
            bytes1 fields,
            string memory name,
            string memory version,
            uint256 chainId,
            address verifyingContract,
            bytes32 salt,
            uint256[] memory extensions
        )
    {
        return (
            hex"0f",
            _fromShort(_shortName),
            _fromShort(_shortVersion),
            block.chainid,
            address(this),
            bytes32(0),
            new uint256[](0)
        );
    }

    // ------------------------------------------------------------------ internals

    /// The separator for this chain and address (the cached one unless either changed).
    function _domainSeparator() internal view returns (bytes32) {
        if (block.chainid == _cachedChainId && address(this) == _cachedThis) return _cachedDomainSeparator;
        return _buildDomainSeparator();
    }

    /// The signer of the typed data `structHash` under this domain; reverts on a malformed or
    /// malleable signature and when no signer can be recovered.
    function _recoverSigner(bytes32 structHash, uint8 v, bytes32 r, bytes32 s) internal view returns (address signer) {
        if (uint256(s) > HALF_ORDER) revert MalleableSignature();
        if (v != 27 && v != 28) revert InvalidSignatureV(v);
        signer = ecrecover(keccak256(abi.encodePacked(hex"1901", _domainSeparator(), structHash)), v, r, s);
        if (signer == address(0)) revert InvalidSignature();
    }

    function _buildDomainSeparator() private view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, _nameHash, _versionHash, block.chainid, address(this)));
    }

    function _toShort(string memory text) private pure returns (bytes32 packed) {
        uint256 length = bytes(text).length;
        // The two callers pass literals; a longer one is a programming error, not a rejection.
        assert(length < 32);
        packed = bytes32(bytes(text)) | bytes32(length);
    }

    function _fromShort(bytes32 packed) private pure returns (string memory text) {
        uint256 length = uint256(packed) & 0xff;
        text = new string(32);
        assembly ("memory-safe") {
            mstore(text, length)
            mstore(add(text, 0x20), and(packed, not(0xff)))
        }
    }
}
