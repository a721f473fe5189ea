/// The database schema and its migrations, versioned by SQLite's `PRAGMA user_version`.
///
/// Key layout: transactions and logs use an INTEGER PRIMARY KEY (the rowid) packed as
/// `blockNumber << 24 | position`, so "everything in block N" and "everything above block N" are
/// rowid ranges, every secondary index entry already ends in that key (so index scans come out in
/// geth order: block number, then log index), and rewinding deletes one rowid range per table.
/// A block therefore holds fewer than 2^24 transactions and logs, and block numbers stay below 2^39.
///
/// The head is the highest row of `blocks`: it is written in the same transaction as everything
/// else of its block, so it can never point at a half-written block.
enum Schema {
    /// Bits of a packed key that hold the position inside the block.
    static let positionBits: UInt64 = 24
    /// Exclusive upper bound of positions (transactions or logs per block).
    static let maxPositions: UInt64 = 1 << positionBits
    /// Exclusive upper bound of block numbers (so packed keys stay positive Int64s).
    static let maxBlockNumber: UInt64 = 1 << (63 - positionBits)

    /// The packed key of position `index` in block `number`.
    static func key(block number: UInt64, position index: Int) -> Int64 {
        Int64(bitPattern: number << positionBits | UInt64(index))
    }

    /// The first packed key of block `number` (inclusive lower bound of its rows).
    static func firstKey(block number: UInt64) -> Int64 { Int64(bitPattern: number << positionBits) }

    /// Migrations in order: migration `i` takes `user_version` from `i` to `i + 1`.
    static let migrations: [String] = [
        """
        CREATE TABLE meta(
            key TEXT PRIMARY KEY,
            value BLOB NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE blocks(
            number INTEGER PRIMARY KEY,
            hash BLOB NOT NULL,
            timestamp INTEGER NOT NULL,
            header BLOB NOT NULL,          -- rlp(header)
            ommers BLOB NOT NULL,          -- rlp([ommer headers])
            withdrawals BLOB               -- rlp([withdrawals]), NULL before Shanghai
        );
        CREATE UNIQUE INDEX blocks_by_hash ON blocks(hash);

        -- One row per transaction with its receipt: id = blockNumber << 24 | txIndex.
        CREATE TABLE transactions(
            id INTEGER PRIMARY KEY,
            hash BLOB NOT NULL,
            sender BLOB NOT NULL,
            recipient BLOB,                -- NULL for contract creation
            envelope BLOB NOT NULL,        -- EIP-2718 consensus encoding
            type INTEGER NOT NULL,
            status INTEGER,                -- 0/1 from Byzantium, NULL before
            post_state BLOB,               -- intermediate state root before Byzantium
            cumulative_gas_used INTEGER NOT NULL,
            gas_used INTEGER NOT NULL,
            effective_gas_price BLOB NOT NULL,
            blob_gas_used INTEGER,
            blob_gas_price BLOB,
            contract_address BLOB,
            first_log_index INTEGER NOT NULL,
            log_count INTEGER NOT NULL
        );
        CREATE UNIQUE INDEX transactions_by_hash ON transactions(hash);

        -- One row per log: id = blockNumber << 24 | logIndex (index within the block).
        -- Topic indexes are partial: absent topics cost nothing, and `topicN = ?` implies NOT NULL.
        CREATE TABLE logs(
            id INTEGER PRIMARY KEY,
            tx_index INTEGER NOT NULL,
            address BLOB NOT NULL,
            topic0 BLOB,
            topic1 BLOB,
            topic2 BLOB,
            topic3 BLOB,
            data BLOB NOT NULL
        );
        CREATE INDEX logs_by_address_topic0 ON logs(address, topic0);
        CREATE INDEX logs_by_address ON logs(address);
        CREATE INDEX logs_by_topic0 ON logs(topic0) WHERE topic0 IS NOT NULL;
        CREATE INDEX logs_by_topic1 ON logs(topic1) WHERE topic1 IS NOT NULL;
        CREATE INDEX logs_by_topic2 ON logs(topic2) WHERE topic2 IS NOT NULL;
        CREATE INDEX logs_by_topic3 ON logs(topic3) WHERE topic3 IS NOT NULL;

        -- Current (head) state. Words are 32-byte big-endian BLOBs; nonces are stored by bit pattern.
        CREATE TABLE accounts(
            address BLOB PRIMARY KEY,
            nonce INTEGER NOT NULL,
            balance BLOB NOT NULL,
            code_hash BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE storage(
            address BLOB NOT NULL,
            slot BLOB NOT NULL,
            value BLOB NOT NULL,
            PRIMARY KEY(address, slot)
        ) WITHOUT ROWID;
        -- Content-addressed, never undone: code nobody references any more is harmless.
        CREATE TABLE code(
            hash BLOB NOT NULL UNIQUE,
            code BLOB NOT NULL
        );

        -- Undo records: the values block N overwrote, to restore block N-1's state on rewind.
        -- nonce NULL = the account did not exist; value NULL = the slot was unset.
        CREATE TABLE undo_accounts(
            block_number INTEGER NOT NULL,
            address BLOB NOT NULL,
            nonce INTEGER,
            balance BLOB,
            code_hash BLOB,
            PRIMARY KEY(block_number, address)
        ) WITHOUT ROWID;
        CREATE TABLE undo_storage(
            block_number INTEGER NOT NULL,
            address BLOB NOT NULL,
            slot BLOB NOT NULL,
            value BLOB,
            PRIMARY KEY(block_number, address, slot)
        ) WITHOUT ROWID;
        """,
        // Undo records are keyed by a state *step* instead of a block number: block N's changes
        // are step `N << 20`, the dev-control edits made on top of block N (anvil_setBalance…)
        // are steps `N << 20 | 1, 2, …`, so a revert can return to any point between blocks.
        """
        CREATE TABLE undo_accounts_steps(
            step INTEGER NOT NULL,
            address BLOB NOT NULL,
            nonce INTEGER,
            balance BLOB,
            code_hash BLOB,
            PRIMARY KEY(step, address)
        ) WITHOUT ROWID;
        INSERT INTO undo_accounts_steps SELECT block_number << 20, address, nonce, balance, code_hash FROM undo_accounts;
        DROP TABLE undo_accounts;
        ALTER TABLE undo_accounts_steps RENAME TO undo_accounts;
        CREATE TABLE undo_storage_steps(
            step INTEGER NOT NULL,
            address BLOB NOT NULL,
            slot BLOB NOT NULL,
            value BLOB,
            PRIMARY KEY(step, address, slot)
        ) WITHOUT ROWID;
        INSERT INTO undo_storage_steps SELECT block_number << 20, address, slot, value FROM undo_storage;
        DROP TABLE undo_storage;
        ALTER TABLE undo_storage_steps RENAME TO undo_storage;
        """,
        // The block-hash index leads with the block's range of 2^16 blocks (`hashRangeBits`):
        // hashes are random, so a batch of blocks inserted into one index over the whole chain
        // dirtied pages all over it (a million-block `anvil_mine` rewrote most of the index with
        // every batch); within the newest range a batch touches a few hundred pages. A lookup
        // probes the ranges from the newest (`ChainDatabase.number(of:)`).
        """
        DROP INDEX blocks_by_hash;
        CREATE UNIQUE INDEX blocks_by_range_hash ON blocks(number >> 16, hash);
        """,
    ]

    /// Block numbers that share a range of the block-hash index (see the migrations): 2^16 keeps
    /// a batch of empty blocks inside a few hundred index pages, and a lookup in a chain of a
    /// million blocks at sixteen probes. Written out in the index and its query (SQLite matches
    /// an indexed expression only as written).
    static let hashRangeBits: UInt64 = 16

    /// Bits of a state step that count the edits made on top of a block.
    static let editBits: UInt64 = 20

    /// The step of block `number`'s own changes.
    static func step(block number: UInt64) -> Int64 { Int64(bitPattern: number << editBits) }

    /// The version a fully migrated database has.
    static var currentVersion: Int64 { Int64(migrations.count) }

    /// Brings the database up to `currentVersion`, one migration per transaction; refuses a
    /// database written by a newer version of this module.
    static func migrate(_ connection: SQLiteConnection) throws(StorageError) {
        let version = try connection.pragmaInteger("user_version")
        guard version <= currentVersion else {
            throw .corrupt("schema version \(version) is newer than this build supports (\(currentVersion))")
        }
        for step in Int(version)..<migrations.count {
            try connection.writeTransaction { () throws(StorageError) in
                try connection.execute(migrations[step])
                try connection.execute("PRAGMA user_version = \(step + 1)")
            }
        }
    }
}
