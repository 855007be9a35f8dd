// The service's page: a service key kept in this browser, a form that starts a video, and the job list refreshed every
// second. Videos are fetched with the key (the API needs it for them too) and played from blob URLs.
"use strict";

const keyStorage = "kling-service-key";
const refreshMs = 1000;
const videoUrls = new Map();   // job id -> blob URL, once fetched
const fetching = new Set();    // job ids whose video is being fetched

const $ = (id) => document.getElementById(id);
let serviceKey = localStorage.getItem(keyStorage) || "";

function say(element, text, isError) {
  element.textContent = text;
  element.classList.toggle("error", Boolean(isError));
}

async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  headers.set("X-Api-Key", serviceKey);
  const response = await fetch(path, { ...options, headers });
  if (response.status === 401) {
    say($("key-status"), serviceKey ? "The service refused this key: enter the right one." : "Enter the service key to start.", true);
    $("service-key").focus();
    throw new Error("unauthorized");
  }
  return response;
}

function problemText(problem) {
  if (problem && problem.errors) {
    return Object.values(problem.errors).flat().join(" ");
  }
  return (problem && (problem.detail || problem.title)) || "The service refused the request.";
}

function jobElement(job) {
  let item = document.querySelector(`#jobs [data-job-id="${job.id}"]`);
  if (item) {
    return item;
  }
  item = document.createElement("li");
  item.className = "job";
  item.dataset.jobId = job.id;
  const prompt = document.createElement("p");
  prompt.className = "prompt";
  prompt.textContent = job.prompt;
  const meta = document.createElement("p");
  meta.className = "meta";
  const progress = document.createElement("progress");
  progress.max = 100;
  progress.setAttribute("aria-label", "Progress of " + job.prompt);
  item.append(prompt, meta, progress);
  return item;
}

function render(job) {
  const item = jobElement(job);
  item.dataset.state = job.state;
  const finished = job.finishedBy ? `, by ${job.finishedBy}` : "";
  item.querySelector(".meta").textContent = `${job.state}${finished} · ${job.mode} · ${job.duration} s · ${job.progress}%`;
  item.querySelector("progress").value = job.progress;

  let error = item.querySelector(".error");
  if (job.error && !error) {
    error = document.createElement("p");
    error.className = "error";
    item.append(error);
  }
  if (error) {
    error.textContent = job.error || "";
  }

  if (job.state === "completed" && job.videoUrl) {
    showVideo(item, job);
  }
  return item;
}

async function showVideo(item, job) {
  if (!videoUrls.has(job.id) && !fetching.has(job.id)) {
    fetching.add(job.id);
    try {
      const response = await api(job.videoUrl);
      if (response.ok) {
        const blob = await response.blob();
        // The job may have left the list while its video came: keep no blob nothing shows.
        if (item.isConnected) {
          videoUrls.set(job.id, URL.createObjectURL(blob));
        }
      }
    } catch {
      // Tried again at the next refresh.
    } finally {
      fetching.delete(job.id);
    }
  }
  const url = videoUrls.get(job.id);
  if (url && !item.querySelector("video")) {
    const video = document.createElement("video");
    video.controls = true;
    video.preload = "metadata";
    video.playsInline = true;
    video.setAttribute("aria-label", "Video: " + job.prompt);
    video.src = url;
    item.append(video);
  }
}

// A job that left the list (older than the newest 50) leaves the page, and its video's blob URL is revoked: each one
// holds a whole MP4 in memory, so a page left open would otherwise grow with every video the service ever made.
function forgetJobsNotIn(list, listed) {
  for (const item of Array.from(list.children)) {
    const id = item.dataset.jobId;
    if (!listed.has(id)) {
      item.remove();
      const url = videoUrls.get(id);
      if (url) {
        URL.revokeObjectURL(url);
        videoUrls.delete(id);
      }
    }
  }
}

async function refresh() {
  if (serviceKey) {
    try {
      const response = await api("/videos?limit=50");
      if (response.ok) {
        const { jobs } = await response.json();
        const list = $("jobs");
        jobs.forEach((job, index) => {
          const item = render(job);
          if (list.children[index] !== item) {
            list.insertBefore(item, list.children[index] || null);
          }
        });
        forgetJobsNotIn(list, new Set(jobs.map((job) => job.id)));
        $("jobs-empty").hidden = jobs.length > 0;
        say($("key-status"), "");
      }
    } catch {
      // Shown by api(), or a passing network failure: the next refresh tries again.
    }
  }
  setTimeout(refresh, refreshMs);
}

$("key-form").addEventListener("submit", (event) => {
  event.preventDefault();
  serviceKey = $("service-key").value.trim();
  localStorage.setItem(keyStorage, serviceKey);
  say($("key-status"), "Key saved in this browser.");
});

$("new-video").addEventListener("submit", async (event) => {
  event.preventDefault();
  const status = $("form-status");
  if (!serviceKey) {
    say($("key-status"), "Enter the service key first.", true);
    $("service-key").focus();
    return;
  }
  $("start").disabled = true;
  try {
    const response = await api("/videos", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ prompt: $("prompt").value, mode: $("mode").value, duration: Number($("duration").value) }),
    });
    if (response.status === 202) {
      const job = await response.json();
      $("jobs").prepend(render(job));
      $("jobs-empty").hidden = true;
      say(status, "Started.");
    } else {
      say(status, problemText(await response.json().catch(() => null)), true);
    }
  } catch (error) {
    if (error.message !== "unauthorized") {
      say(status, "The service could not be reached.", true);
    }
  } finally {
    $("start").disabled = false;
  }
});

$("service-key").value = serviceKey;
refresh();
