using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using KlingO1.Cli.Errors;

namespace KlingO1.Cli.Batch
{
    /// <summary>
    /// The journal of a batch: JSON lines, appended and flushed to disk one at a time, so a batch stopped at any point
    /// (Ctrl+C, SIGTERM, a crash, a lost machine) resumes from it without submitting anything twice. Held open exclusively
    /// while a batch runs, so a second `kling batch` on the same journal is refused instead of submitting alongside.
    /// </summary>
    internal sealed class BatchJournal : IDisposable
    {
        private readonly FileStream _stream;
        private readonly TimeProvider _time;
        private readonly object _gate = new();

        private BatchJournal(string path, FileStream stream, TimeProvider time, JournalRecord header, Dictionary<string, JournalEntry> entries, bool isNew)
        {
            Path = path;
            _stream = stream;
            _time = time;
            Header = header;
            Entries = entries;
            IsNew = isNew;
        }

        public string Path { get; }

        /// <summary>Gets the batch line: the batch id and the service it runs against.</summary>
        public JournalRecord Header { get; }

        /// <summary>Gets what the journal says of each item it has seen, by key.</summary>
        public IReadOnlyDictionary<string, JournalEntry> Entries { get; }

        /// <summary>Gets whether the journal was started by this run.</summary>
        public bool IsNew { get; }

        /// <summary>Returns where the journal of <paramref name="batchFile"/> goes by default.</summary>
        public static string DefaultPath(string batchFile) => batchFile + ".journal.jsonl";

        /// <summary>Opens (or starts) the journal at <paramref name="path"/> and reads what it holds.</summary>
        /// <exception cref="CliUsageException">Another batch holds it, it cannot be read, or it belongs to another service.</exception>
        public static BatchJournal Open(string path, string service, string source, string options, TimeProvider time)
        {
            var full = System.IO.Path.GetFullPath(path);
            FileStream stream;
            try
            {
                stream = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException ex) when (File.Exists(full))
            {
                throw new CliUsageException($"The journal {full} is in use (another `kling batch` is running it?): {ex.Message}");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliUsageException($"Cannot write the journal {full}: {ex.Message}");
            }

            try
            {
                var (header, entries) = Read(stream, full);
                var isNew = header is null;
                if (header is null)
                {
                    header = new JournalRecord
                    {
                        Type = JournalRecord.BatchType,
                        Version = JournalRecord.CurrentVersion,
                        Batch = BatchKeys.NewBatchId(),
                        Service = service,
                        Source = source,
                        Options = options,
                    };
                }
                else if (!string.Equals(header.Service, service, StringComparison.Ordinal))
                {
                    throw new CliUsageException(
                        $"The journal {full} is of a batch run against {header.Service}; this run would use {service}. Use the same --base-url and key, or another --journal.");
                }

                var journal = new BatchJournal(full, stream, time, header, entries, isNew);
                if (isNew)
                {
                    journal.Append(header);
                }

                return journal;
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>Reads a journal without opening it for writing (a dry run); a missing one reads as empty.</summary>
        public static (JournalRecord? Header, Dictionary<string, JournalEntry> Entries) Peek(string path)
        {
            var full = System.IO.Path.GetFullPath(path);
            if (!File.Exists(full))
            {
                return (null, new Dictionary<string, JournalEntry>(StringComparer.Ordinal));
            }

            FileStream stream;
            try
            {
                stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            }
            catch (IOException ex)
            {
                // A running batch holds its journal exclusively (on Linux and macOS not even a reader gets in).
                throw new CliUsageException($"The journal {full} is in use (another `kling batch` is running it?), so a dry run cannot read it; try again once that run ends: {ex.Message}");
            }

            using (stream)
            {
                return Read(stream, full, repair: false);
            }
        }

        /// <summary>Appends <paramref name="record"/> and flushes it to disk before returning.</summary>
        public void Append(JournalRecord record)
        {
            record.At ??= _time.GetUtcNow();
            var line = JsonSerializer.SerializeToUtf8Bytes(record, BatchJsonContext.Default.JournalRecord);
            lock (_gate)
            {
                _stream.Write(line);
                _stream.WriteByte((byte)'\n');
                _stream.Flush(flushToDisk: true);
            }
        }

        public void Dispose() => _stream.Dispose();

        private static (JournalRecord? Header, Dictionary<string, JournalEntry> Entries) Read(FileStream stream, string path, bool repair = true)
        {
            var entries = new Dictionary<string, JournalEntry>(StringComparer.Ordinal);
            JournalRecord? header = null;
            stream.Position = 0;
            var content = new byte[stream.Length];
            stream.ReadExactly(content);
            var lines = Encoding.UTF8.GetString(content).Split('\n');
            long goodLength = 0;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                var isLast = i == lines.Length - 1;
                if (line.Trim().Length == 0)
                {
                    goodLength += Encoding.UTF8.GetByteCount(line) + (isLast ? 0 : 1);
                    continue;
                }

                JournalRecord? record;
                try
                {
                    record = JsonSerializer.Deserialize(line, BatchJsonContext.Default.JournalRecord);
                }
                catch (JsonException) when (isLast)
                {
                    // The last line, cut short by a crash while it was written: its step had not happened yet.
                    record = null;
                }
                catch (JsonException ex)
                {
                    throw new CliUsageException($"The journal {path} has an unreadable line {i + 1} ({ex.Message.Split(". ")[0]}); it is not a kling batch journal, or was edited.");
                }

                if (record is null || (isLast && !content.AsSpan().EndsWith("\n"u8)))
                {
                    break;
                }

                goodLength += Encoding.UTF8.GetByteCount(line) + 1;
                if (record.Type == JournalRecord.BatchType)
                {
                    header ??= record;
                }
                else if (record.Key is { } key)
                {
                    Fold(entries.TryGetValue(key, out var entry) ? entry : entries[key] = new JournalEntry(key), record);
                }
            }

            if (header is null && entries.Count > 0)
            {
                throw new CliUsageException($"The journal {path} has no batch line; it is not a kling batch journal.");
            }

            if (repair && goodLength < stream.Length)
            {
                stream.SetLength(goodLength);
            }

            stream.Position = stream.Length;
            return (header, entries);
        }

        private static void Fold(JournalEntry entry, JournalRecord record)
        {
            switch (record.Type)
            {
                case JournalRecord.SubmittingType:
                    entry.Attempt = record.Attempt ?? entry.Attempt + 1;
                    entry.BusinessId = record.BusinessId;
                    entry.TaskId = null;
                    entry.Failure = null;
                    entry.Saved = false;
                    entry.Mode = record.Mode ?? entry.Mode;
                    entry.Duration = record.Duration ?? entry.Duration;
                    entry.Out ??= record.Out;
                    break;
                case JournalRecord.SubmittedType:
                    entry.TaskId = record.TaskId;
                    break;
                case JournalRecord.SavedType:
                    entry.Saved = true;
                    entry.Out = record.Out ?? entry.Out;
                    break;
                case JournalRecord.FailedType:
                    entry.Failure = record.Reason ?? "failed";
                    break;
            }
        }
    }
}
