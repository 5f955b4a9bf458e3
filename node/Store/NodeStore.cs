using System.Runtime.InteropServices;
using Consortium.Data.BatteryAgeing;
using Consortium.Data.Loads;
using Consortium.Data.Sessions;
using LiteDB;

namespace Consortium.Node.Store;

/// <summary>
/// A node's private store: one LiteDB file holding the operator's load data, every model artifact
/// it produced or received (by keccak-256 hash), its round history and its chain key.
/// LiteDB journals each write, so a process killed mid-round leaves the file consistent.
/// </summary>
public sealed class NodeStore : IDisposable
{
    /// <summary>Name of the collection of model artifacts.</summary>
    private const string ArtifactsCollection = "artifacts";


    /// <summary>
    /// How the store's documents map to BSON: hashes and addresses as their usual hex text, so a store file reads the way
    /// the chain and the reports write them.
    /// </summary>
    internal static readonly BsonMapper Mapper = CreateMapper();
    private const string SessionsFileId = "charging-sessions";
    /// <summary>2 adds each session's pack chemistry (empty when not known); format 1 (without) is still read.</summary>
    private const int SessionsFormat = 2;
    private const string CellsFileId = "battery-cells";
    private const int CellsFormat = 1;
    private readonly LiteDatabase _db;

    /// <summary>Opens (or creates) the store file.</summary>
    public NodeStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        Path = path;
        _db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct }, Mapper);
        Artifacts.EnsureIndex(a => a.Round);
    }

    private NodeStore(LiteDatabase db, string path)
    {
        _db = db;
        Path = path;
    }

    /// <summary>
    /// Opens an existing store for reading only, as an auditor does: it must not change the store it audits, and may read
    /// it while the node runs. Every method that writes fails on a store opened this way.
    /// </summary>
    /// <exception cref="FileNotFoundException">There is no store file at <paramref name="path"/> (none is created).</exception>
    public static NodeStore OpenReadOnly(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no node store at {path}.", path);
        }

        return new NodeStore(new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, ReadOnly = true }, Mapper), path);
    }

    /// <summary>The store file.</summary>
    public string Path { get; }

    private ILiteCollection<SiteLoadDocument> SiteLoads => _db.GetCollection<SiteLoadDocument>("site_loads");

    private ILiteCollection<ImportDocument> Imports => _db.GetCollection<ImportDocument>("imports");

    private ILiteCollection<ArtifactDocument> Artifacts => _db.GetCollection<ArtifactDocument>(ArtifactsCollection);

    private ILiteCollection<MemberRoundDocument> MemberRounds => _db.GetCollection<MemberRoundDocument>("member_rounds");

    private ILiteCollection<DispatchEventDocument> DispatchEvents => _db.GetCollection<DispatchEventDocument>("dispatch_events");

    private ILiteCollection<IntradayDayDocument> IntradayDays => _db.GetCollection<IntradayDayDocument>("intraday_days");


    /// <summary>Replaces the operator's per-site hourly loads and records the import's counts.</summary>
    public void SaveImport(IReadOnlyCollection<HourlyLoadSeries> sites, SessionImportReport report, IReadOnlyList<string> files)
    {
        ArgumentNullException.ThrowIfNull(sites);
        ArgumentNullException.ThrowIfNull(report);
        _db.BeginTrans();
        try
        {
            SiteLoads.DeleteAll();
            foreach (var site in sites)
            {
                SiteLoads.Insert(new SiteLoadDocument
                {
                    Id = site.Name,
                    FirstHour = site.FirstHour,
                    Kw = MemoryMarshal.AsBytes(site.Kw.AsSpan()).ToArray(),
                });
            }

            Imports.Insert(new ImportDocument
            {
                ImportedAt = DateTime.UtcNow,
                Files = [.. files],
                RowsRead = report.RowsRead,
                Accepted = report.Accepted,
                Rejected = report.Rejected.ToDictionary(kv => kv.Key.ToString(), kv => kv.Value),
            });
            _db.Commit();
        }
        catch
        {
            _db.Rollback();
            throw;
        }
    }

    /// <summary>
    /// Replaces the charging sessions at the operator's own sites (the logs its dispatch fleet is drawn from), kept in
    /// file storage as one compact block in the order given.
    /// </summary>
    public void SaveSessions(IReadOnlyList<ChargingSession> sessions)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            var names = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var session in sessions)
            {
                names.TryAdd(session.Site, names.Count);
                names.TryAdd(session.ChargePointId, names.Count);
            }

            writer.Write(SessionsFormat);
            writer.Write(names.Count);
            foreach (var name in names.OrderBy(n => n.Value))
            {
                writer.Write(name.Key);
            }

            writer.Write(sessions.Count);
            foreach (var session in sessions)
            {
                writer.Write(names[session.Site]);
                writer.Write(names[session.ChargePointId]);
                writer.Write(session.Start.Ticks);
                writer.Write(session.End.Ticks);
                writer.Write(session.EnergyKWh);
                writer.Write(session.RatedPowerKw.HasValue);
                writer.Write(session.RatedPowerKw ?? 0);
                writer.Write(session.Chemistry ?? string.Empty);
            }
        }

        stream.Position = 0;
        _db.FileStorage.Upload(SessionsFileId, "sessions.bin", stream);
    }

    /// <summary>
    /// Replaces an automaker's cells (their per-cycle ageing records, which its battery-health training reads), kept in
    /// file storage as one compact block.
    /// </summary>
    public void SaveCells(IReadOnlyList<BatteryCell> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(CellsFormat);
            writer.Write(cells.Count);
            foreach (var cell in cells)
            {
                writer.Write(cell.Id);
                writer.Write(cell.Source);
                writer.Write(cell.Chemistry);
                writer.Write(cell.NominalAh);
                writer.Write(cell.Cycles.Count);
                writer.Write(cell.Cycles.Count == 0 ? 0 : cell.Cycles[0].Features.Length);
                foreach (var cycle in cell.Cycles)
                {
                    writer.Write(cycle.Cycle);
                    writer.Write(cycle.CapacityAh);
                    foreach (var feature in cycle.Features)
                    {
                        writer.Write(feature);
                    }
                }
            }
        }

        stream.Position = 0;
        _db.FileStorage.Upload(CellsFileId, "cells.bin", stream);
    }

    /// <summary>Whether cells were imported (<see cref="SaveCells"/>), without reading them.</summary>
    public bool HasCells => _db.FileStorage.Exists(CellsFileId);

    /// <summary>The cells <see cref="SaveCells"/> kept, or <see langword="null"/> when none were imported.</summary>
    /// <exception cref="InvalidDataException">The stored block is not in the format written.</exception>
    public IReadOnlyList<BatteryCell>? LoadCells()
    {
        if (!_db.FileStorage.Exists(CellsFileId))
        {
            return null;
        }

        using var stream = new MemoryStream();
        _db.FileStorage.Download(CellsFileId, stream);
        stream.Position = 0;
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8);
        try
        {
            if (reader.ReadInt32() != CellsFormat)
            {
                throw new InvalidDataException($"The stored cells in {Path} are not in format {CellsFormat}.");
            }

            var cells = new BatteryCell[reader.ReadInt32()];
            for (var c = 0; c < cells.Length; c++)
            {
                var (id, source, chemistry, nominal) = (reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadDouble());
                var cycles = new CellCycle[reader.ReadInt32()];
                var features = reader.ReadInt32();
                for (var i = 0; i < cycles.Length; i++)
                {
                    var (number, capacity) = (reader.ReadInt32(), reader.ReadDouble());
                    var values = new float[features];
                    for (var f = 0; f < features; f++)
                    {
                        values[f] = reader.ReadSingle();
                    }

                    cycles[i] = new CellCycle(id, number, capacity, nominal, values);
                }

                cells[c] = new BatteryCell(id, source, chemistry, nominal, cycles);
            }

            return cells;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"The stored cells in {Path} end early.", e);
        }
    }

    /// <summary>The sessions <see cref="SaveSessions"/> kept, in the order given, or <see langword="null"/> when none were imported.</summary>
    /// <exception cref="InvalidDataException">The stored block is not in the format written.</exception>
    public IReadOnlyList<ChargingSession>? LoadSessions()
    {
        if (!_db.FileStorage.Exists(SessionsFileId))
        {
            return null;
        }

        using var stream = new MemoryStream();
        _db.FileStorage.Download(SessionsFileId, stream);
        stream.Position = 0;
        using var reader = new BinaryReader(stream, System.Text.Encoding.UTF8);
        try
        {
            var format = reader.ReadInt32();
            if (format is not (1 or SessionsFormat))
            {
                throw new InvalidDataException($"The stored sessions in {Path} are in format {format}, not 1 or {SessionsFormat}.");
            }

            var names = new string[reader.ReadInt32()];
            for (var i = 0; i < names.Length; i++)
            {
                names[i] = reader.ReadString();
            }

            var sessions = new ChargingSession[reader.ReadInt32()];
            for (var i = 0; i < sessions.Length; i++)
            {
                var site = names[reader.ReadInt32()];
                var chargePoint = names[reader.ReadInt32()];
                var start = new DateTime(reader.ReadInt64(), DateTimeKind.Unspecified);
                var end = new DateTime(reader.ReadInt64(), DateTimeKind.Unspecified);
                var energy = reader.ReadDouble();
                var rated = reader.ReadBoolean();
                var ratedKw = reader.ReadDouble();
                var chemistry = format >= 2 ? reader.ReadString() : string.Empty;
                sessions[i] = new ChargingSession(site, chargePoint, start, end, energy, rated ? ratedKw : null, chemistry.Length == 0 ? null : chemistry);
            }

            return sessions;
        }
        catch (Exception e) when (e is EndOfStreamException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException($"The stored sessions in {Path} are truncated or corrupt.", e);
        }
    }

    /// <summary>The per-site hourly loads, ordered by site name.</summary>
    public IReadOnlyList<HourlyLoadSeries> LoadSites() =>
        SiteLoads.FindAll()
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => new HourlyLoadSeries(d.Id, DateTime.SpecifyKind(d.FirstHour, DateTimeKind.Unspecified), MemoryMarshal.Cast<byte, float>(d.Kw).ToArray()))
            .ToList();

    /// <summary>Stores artifact bytes under their keccak-256 hash (idempotent) and returns the hash.</summary>
    public Hash32 PutArtifact(ArtifactKind kind, long round, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var hash = Keccak.Hash(bytes);
        if (Artifacts.FindById(hash.ToString()) is null)
        {
            Artifacts.Insert(new ArtifactDocument { Id = hash, Kind = kind, Round = round, Bytes = bytes, StoredAt = DateTime.UtcNow });
        }

        return hash;
    }

    /// <summary>The bytes stored under a hash, or <see langword="null"/>.</summary>
    public byte[]? GetArtifact(Hash32 hash) => Artifacts.FindById(hash.ToString())?.Bytes;

    /// <summary>Every artifact of one kind, oldest round first.</summary>
    public IReadOnlyList<(Hash32 Hash, long Round)> ListArtifacts(ArtifactKind kind) =>
        Artifacts.Find(a => a.Kind == kind).OrderBy(a => a.Round).Select(a => (a.Id, a.Round)).ToList();

    /// <summary>Records what this member did in a round.</summary>
    public void SaveMemberRound(MemberRoundDocument round) => MemberRounds.Upsert(round);

    /// <summary>What this member did in a round, if anything.</summary>
    public MemberRoundDocument? GetMemberRound(long round) => MemberRounds.FindById(round);

    /// <summary>Records this operator's part in a dispatch event (replacing an earlier record of it).</summary>
    public void SaveDispatchEvent(DispatchEventDocument dispatchEvent) => DispatchEvents.Upsert(dispatchEvent);

    /// <summary>This operator's record of a dispatch event, if any.</summary>
    public DispatchEventDocument? GetDispatchEvent(long eventId) => DispatchEvents.FindById(eventId);

    /// <summary>Keeps the setpoints of a dispatch event's allocation (large, so in file storage rather than a document).</summary>
    public void PutDispatchSetpoints(long eventId, byte[] setpoints) => PutFile(DispatchEventDocument.SetpointsFileId(eventId), setpoints);

    /// <summary>The setpoints kept for a dispatch event, or <see langword="null"/>.</summary>
    public byte[]? GetDispatchSetpoints(long eventId) => GetFile(DispatchEventDocument.SetpointsFileId(eventId));

    /// <summary>Records this operator's day in progress of an intraday dispatch event (replacing an earlier record of it).</summary>
    public void SaveIntradayDay(IntradayDayDocument day) => IntradayDays.Upsert(day);

    /// <summary>This operator's record of an intraday event's day in progress, if any.</summary>
    public IntradayDayDocument? GetIntradayDay(long eventId) => IntradayDays.FindById(eventId);

    /// <summary>Keeps a file (replacing one of the same id): an intraday step's setpoints, say.</summary>
    public void PutFile(string id, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var stream = new MemoryStream(content, writable: false);
        _db.FileStorage.Upload(id, id + ".bin", stream);
    }

    /// <summary>A file kept under <paramref name="id"/>, or <see langword="null"/>.</summary>
    public byte[]? GetFile(string id)
    {
        if (!_db.FileStorage.Exists(id))
        {
            return null;
        }

        using var stream = new MemoryStream();
        _db.FileStorage.Download(id, stream);
        return stream.ToArray();
    }

    /// <summary>Keeps a named value (for example the local-only model's latest parameters).</summary>
    public void PutValue(string key, byte[] value) =>
        _db.GetCollection<ValueDocument>("values").Upsert(new ValueDocument { Id = key, Value = value });

    /// <summary>A named value, or <see langword="null"/>.</summary>
    public byte[]? GetValue(string key) => _db.GetCollection<ValueDocument>("values").FindById(key)?.Value;

    /// <inheritdoc />
    public void Dispose() => _db.Dispose();

    private static BsonMapper CreateMapper()
    {
        var mapper = new BsonMapper();
        mapper.RegisterType(hash => new BsonValue(hash.ToString()), bson => Hash32.Parse(bson.AsString));
        mapper.RegisterType(address => new BsonValue(address.ToString()), bson => ChainAddress.Parse(bson.AsString));

        // LiteDB builds a type's mapping on first use and publishes it before its members are filled in, so two stores
        // opened at once (tests, the dashboard beside an audit) could see a half-built one ("Member Round not found").
        // Building every document's mapping here, in the static initializer, means no store ever builds one.
        mapper.Entity<SiteLoadDocument>();
        mapper.Entity<ImportDocument>();
        mapper.Entity<ArtifactDocument>();
        mapper.Entity<MemberRoundDocument>();
        mapper.Entity<DispatchEventDocument>();
        mapper.Entity<IntradayDayDocument>();
        mapper.Entity<ValueDocument>();
        return mapper;
    }
}
