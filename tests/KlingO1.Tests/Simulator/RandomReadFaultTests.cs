using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;
using KlingO1.Testing;
using KlingO1.Tests.Infrastructure;

namespace KlingO1.Tests.Simulator
{
    /// <summary>
    /// <see cref="SimulatorFaults.FailStatusReadsAtRandom"/>: that share of status reads fails with 500, 502, 503, 504 or a
    /// dropped connection, repeatably from the seed; submits and everything else are untouched; 0 switches it off.
    /// </summary>
    public sealed class RandomReadFaultTests
    {
        private const int Reads = 400;

        [Fact]
        public async Task FailStatusReadsAtRandom_AThirdOfTheReads_FailsAboutAThirdWithEveryKindOfFault()
        {
            await using var simulator = CreateSimulator();
            var taskId = await SubmitAsync(simulator);
            simulator.Faults.FailStatusReadsAtRandom(1.0 / 3, seed: 7);

            var answers = await ReadAsync(simulator, taskId, Reads);

            var failed = answers.Where(a => a != 200).ToArray();
            Assert.InRange(failed.Length, Reads / 4, Reads * 5 / 12);
            Assert.Equal(new[] { 0, 500, 502, 503, 504 }, failed.Distinct().OrderBy(a => a));
            Assert.Equal(answers, simulator.Requests.Where(r => r.Method == "GET").Select(r => r.StatusCode));
            Assert.Single(simulator.Tasks);
        }

        [Fact]
        public async Task FailStatusReadsAtRandom_SameSeed_FailsTheSameReadsTheSameWay()
        {
            await using var first = CreateSimulator();
            await using var second = CreateSimulator();
            first.Faults.FailStatusReadsAtRandom(0.5, seed: 42);
            second.Faults.FailStatusReadsAtRandom(0.5, seed: 42);

            var one = await ReadAsync(first, await SubmitAsync(first), 50);
            var other = await ReadAsync(second, await SubmitAsync(second), 50);

            Assert.Equal(one, other);
            Assert.Contains(one, a => a != 200);
            Assert.Contains(one, a => a == 200);
        }

        [Fact]
        public async Task FailStatusReadsAtRandom_EveryRead_LeavesSubmitsAndTheFileHostAlone()
        {
            var clock = new ManualClock();
            await using var simulator = KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = clock });
            simulator.Faults.FailStatusReadsAtRandom(1, seed: 3);
            using var client = simulator.CreateClient();

            var generation = await client.StartGenerationAsync(new VideoGenerationRequest("A cat"));
            var reads = await ReadAsync(simulator, generation.Id, 20);
            simulator.Faults.FailStatusReadsAtRandom(0);
            clock.Advance(TimeSpan.FromMinutes(2));
            var done = await generation.UpdateAsync();
            using var video = new System.IO.MemoryStream();
            await client.DownloadVideoAsync(done, video);

            Assert.DoesNotContain(reads, a => a == 200);
            Assert.Equal(VideoTaskStatus.Completed, done.Status);
            Assert.Equal(KlingSimulator.VideoContent.Length, video.Length);
            Assert.Single(simulator.Tasks);
        }

        [Fact]
        public async Task FailStatusReadsAtRandom_SwitchedOffWithZero_EveryReadAnswers()
        {
            await using var simulator = CreateSimulator();
            var taskId = await SubmitAsync(simulator);
            simulator.Faults.FailStatusReadsAtRandom(1);
            simulator.Faults.FailStatusReadsAtRandom(0);

            Assert.All(await ReadAsync(simulator, taskId, 20), a => Assert.Equal(200, a));
        }

        [Fact]
        public async Task FailStatusReadsAtRandom_DroppedReadOverLoopback_IsAConnectionFailureLoggedUnanswered()
        {
            await using var simulator = await KlingSimulator.StartAsync(new KlingSimulatorOptions { TimeProvider = new ManualClock() });
            var taskId = await SubmitAsync(simulator);
            simulator.Faults.FailStatusReadsAtRandom(1, seed: 1);

            var answers = await ReadAsync(simulator, taskId, 30, overLoopback: true);

            Assert.Contains(0, answers);
            Assert.Equal(answers, simulator.Requests.Where(r => r.Method == "GET").Select(r => r.StatusCode));
        }

        [Theory]
        [InlineData(-0.1)]
        [InlineData(1.1)]
        [InlineData(double.NaN)]
        public async Task FailStatusReadsAtRandom_ShareOutsideZeroToOne_IsRefused(double share)
        {
            await using var simulator = CreateSimulator();

            var ex = Assert.Throws<ArgumentOutOfRangeException>(() => simulator.Faults.FailStatusReadsAtRandom(share));

            Assert.Equal("share", ex.ParamName);
        }

        private static KlingSimulator CreateSimulator() => KlingSimulator.CreateInMemory(new KlingSimulatorOptions { TimeProvider = new ManualClock() });

        private static async Task<string> SubmitAsync(KlingSimulator simulator)
        {
            using var client = simulator.CreateClient();
            return (await client.StartGenerationAsync(new VideoGenerationRequest("A cat"))).Id;
        }

        /// <summary>Reads the task <paramref name="count"/> times, in memory or over loopback; returns each status, 0 for a dropped connection.</summary>
        private static async Task<List<int>> ReadAsync(KlingSimulator simulator, string taskId, int count, bool overLoopback = false)
        {
            using var handler = overLoopback ? new SocketsHttpHandler() : simulator.CreateHandler();
            using var http = new HttpClient(handler);
            var answers = new List<int>();
            for (var i = 0; i < count; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(simulator.BaseAddress, SimulatorHttp.GenerationsPath + "/" + taskId));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", simulator.ApiKey);
                try
                {
                    using var response = await http.SendAsync(request);
                    answers.Add((int)response.StatusCode);
                }
                catch (HttpRequestException)
                {
                    answers.Add(0);
                }
            }

            return answers;
        }
    }
}
