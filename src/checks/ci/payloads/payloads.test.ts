/**
 * One delivery per system in the shape its documentation gives (GitHub's webhook reference, GitLab's
 * webhook events page, the Jenkins Notification plugin, Buildkite's webhook and REST job objects),
 * written for these tests, and what tocsin makes of each.
 */
import { describe, expect, it } from 'vitest';
import { buildkiteBuildBody, buildkiteJobBody, fromBuildkiteBuild, fromBuildkiteJob } from './buildkite.js';
import { timeOf } from './fields.js';
import { fromWorkflowJob, fromWorkflowRun, workflowJobBody, workflowRunBody } from './github.js';
import { fromGitlabJob, fromGitlabPipeline, gitlabJobBody, gitlabPipelineBody } from './gitlab.js';
import { fromJenkins, jenkinsBody } from './jenkins.js';
import { fromPlain, plainJob } from './plain.js';

const NOW = Date.parse('2026-03-02T12:00:00Z');

export function githubWorkflowJob(over: { conclusion?: string | null; runner_name?: string | null; action?: string; labels?: string[] } = {}) {
  return {
    action: over.action ?? 'completed',
    workflow_job: {
      id: 29_679_449,
      run_id: 10_950_002,
      run_attempt: 1,
      run_url: 'https://api.github.com/repos/acme/web/actions/runs/10950002',
      node_id: 'CR_kwDOAbc',
      head_sha: 'f3b0c2d1e4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9',
      url: 'https://api.github.com/repos/acme/web/actions/jobs/29679449',
      html_url: 'https://github.com/acme/web/actions/runs/10950002/job/29679449',
      status: over.action === 'queued' ? 'queued' : 'completed',
      conclusion: over.conclusion === undefined ? 'success' : over.conclusion,
      created_at: '2026-03-02T11:40:00Z',
      started_at: '2026-03-02T11:41:30Z',
      completed_at: '2026-03-02T11:52:10Z',
      name: 'test (node 20)',
      steps: [{ name: 'Set up job', status: 'completed', conclusion: 'success', number: 1 }],
      check_run_url: 'https://api.github.com/repos/acme/web/check-runs/29679449',
      labels: over.labels ?? ['self-hosted', 'linux', 'aws-us-east-2'],
      runner_id: over.runner_name === null ? null : 42,
      runner_name: over.runner_name === undefined ? 'i-0abc-us-east-2' : over.runner_name,
      runner_group_id: 1,
      runner_group_name: 'Default',
      workflow_name: 'CI',
      head_branch: 'main',
    },
    repository: { id: 1, name: 'web', full_name: 'acme/web', private: false },
    sender: { login: 'octocat', id: 1 },
  };
}

describe('GitHub Actions workflow_job', () => {
  const parse = (body: unknown) => fromWorkflowJob(workflowJobBody.parse(body), NOW);

  it('keeps a completed job with its runner, labels and times', () => {
    expect(parse(githubWorkflowJob())).toEqual({
      kind: 'job',
      job: {
        id: 'github:job:29679449',
        source: 'github',
        level: 'job',
        pipeline: 'acme/web',
        job: 'CI / test (node 20)',
        runner: 'i-0abc-us-east-2',
        labels: ['self-hosted', 'linux', 'aws-us-east-2'],
        outcome: 'success',
        reason: null,
        queuedAt: Date.parse('2026-03-02T11:40:00Z'),
        startedAt: Date.parse('2026-03-02T11:41:30Z'),
        finishedAt: Date.parse('2026-03-02T11:52:10Z'),
        url: 'https://github.com/acme/web/actions/runs/10950002/job/29679449',
      },
    });
  });

  it.each([
    ['failure', 'i-1', 'failure', null],
    ['timed_out', 'i-1', 'infra', 'timed_out'],
    ['failure', null, 'infra', 'no_runner'],
    ['cancelled', 'i-1', 'cancelled', null],
    ['skipped', null, 'skipped', 'skipped'],
  ])('classifies conclusion %s with runner %s as %s', (conclusion, runner, outcome, reason) => {
    expect(parse(githubWorkflowJob({ conclusion, runner_name: runner }))).toMatchObject({ job: { outcome, reason } });
  });

  it('keeps nothing of a job still queued or running', () => {
    expect(parse(githubWorkflowJob({ action: 'queued', conclusion: null }))).toEqual({ kind: 'ignored', reason: expect.stringMatching(/only completed/) });
  });

  it('keeps a completed workflow run as a pipeline', () => {
    const body = {
      action: 'completed',
      workflow_run: {
        id: 10_950_002,
        name: 'CI',
        run_attempt: 2,
        status: 'completed',
        conclusion: 'startup_failure',
        created_at: '2026-03-02T11:40:00Z',
        run_started_at: '2026-03-02T11:40:05Z',
        updated_at: '2026-03-02T11:40:09Z',
        html_url: 'https://github.com/acme/web/actions/runs/10950002',
      },
      repository: { full_name: 'acme/web' },
    };
    expect(fromWorkflowRun(workflowRunBody.parse(body))).toMatchObject({
      job: { id: 'github:run:10950002:2', level: 'pipeline', job: 'CI', outcome: 'infra', reason: 'startup_failure' },
    });
  });
});

export function gitlabJob(over: { status?: string; reason?: string; tags?: string[] } = {}) {
  return {
    object_kind: 'build',
    ref: 'main',
    tag: false,
    before_sha: '0000000000000000000000000000000000000000',
    sha: '95790bf891e76fee5e1747ab589903a6a1f80f22',
    build_id: 3_812,
    build_name: 'rspec',
    build_stage: 'test',
    build_status: over.status ?? 'failed',
    build_created_at: '2026-03-02 11:40:00 UTC',
    build_started_at: '2026-03-02 11:40:20 UTC',
    build_finished_at: '2026-03-02 11:49:00 UTC',
    build_duration: 520.1,
    build_queued_duration: 20.0,
    build_allow_failure: false,
    build_failure_reason: over.reason ?? 'script_failure',
    pipeline_id: 512,
    runner: { id: 7, description: 'eu-runner-3', runner_type: 'group_type', active: true, is_shared: false, tags: over.tags ?? ['docker', 'hetzner-fsn1'] },
    project_id: 31,
    project_name: 'Acme / API',
    user: { id: 1, name: 'Ada', username: 'ada' },
    commit: { id: 512, sha: '95790bf891e76fee5e1747ab589903a6a1f80f22', message: 'fix', status: 'failed' },
    repository: { name: 'api', url: 'git@gitlab.example.org:acme/api.git' },
    project: { id: 31, name: 'API', path_with_namespace: 'acme/api', web_url: 'https://gitlab.example.org/acme/api' },
    environment: null,
  };
}

describe('GitLab job and pipeline events', () => {
  const parse = (body: unknown) => fromGitlabJob(gitlabJobBody.parse(body), NOW);

  it('keeps a failed job with the runner tags as labels', () => {
    expect(parse(gitlabJob())).toMatchObject({
      job: {
        id: 'gitlab:job:3812',
        pipeline: 'acme/api',
        job: 'rspec',
        runner: 'eu-runner-3',
        labels: ['docker', 'hetzner-fsn1'],
        outcome: 'failure',
        reason: 'script_failure',
        queuedAt: Date.parse('2026-03-02T11:40:00Z'),
        finishedAt: Date.parse('2026-03-02T11:49:00Z'),
        url: 'https://gitlab.example.org/acme/api/-/jobs/3812',
      },
    });
  });

  it.each(['runner_system_failure', 'stuck_or_timeout_failure', 'job_execution_timeout'])('counts %s as the infrastructure’s', (reason) => {
    expect(parse(gitlabJob({ reason }))).toMatchObject({ job: { outcome: 'infra', reason } });
  });

  it('keeps nothing of a running job', () => {
    expect(parse(gitlabJob({ status: 'running' }))).toMatchObject({ kind: 'ignored' });
  });

  it('keeps a pipeline, failed by the infrastructure when one of its jobs was', () => {
    const body = {
      object_kind: 'pipeline',
      object_attributes: {
        id: 512,
        iid: 40,
        ref: 'main',
        status: 'failed',
        source: 'push',
        created_at: '2026-03-02 11:39:50 UTC',
        finished_at: '2026-03-02 11:49:10 UTC',
        duration: 540,
        queued_duration: 10,
        url: 'https://gitlab.example.org/acme/api/-/pipelines/512',
      },
      project: { id: 31, path_with_namespace: 'acme/api' },
      builds: [
        { id: 3812, stage: 'test', name: 'rspec', status: 'failed', failure_reason: 'runner_system_failure' },
        { id: 3811, stage: 'build', name: 'build', status: 'success', failure_reason: null },
      ],
    };
    expect(fromGitlabPipeline(gitlabPipelineBody.parse(body), NOW)).toMatchObject({
      job: { id: 'gitlab:pipeline:512', level: 'pipeline', outcome: 'infra', reason: 'runner_system_failure', startedAt: Date.parse('2026-03-02T11:40:10Z') },
    });
  });
});

export function jenkinsBuild(over: { phase?: string; status?: string } = {}) {
  return {
    name: 'api-integration',
    display_name: 'api-integration',
    url: 'job/api-integration/',
    build: {
      full_url: 'https://jenkins.example.org/job/api-integration/88/',
      number: 88,
      queue_id: 1201,
      timestamp: Date.parse('2026-03-02T11:30:00Z'),
      duration: 600_000,
      phase: over.phase ?? 'COMPLETED',
      status: over.status ?? 'FAILURE',
      url: 'job/api-integration/88/',
      scm: { url: 'https://git.example.org/api.git', branch: 'origin/main', commit: 'c6d86dc654b1' },
      parameters: { NODE_NAME: 'agent-eu-2', NODE_LABELS: 'linux docker eu-west' },
      log: '',
      notes: '',
      artifacts: {},
    },
  };
}

describe('Jenkins Notification plugin', () => {
  const parse = (body: unknown) => fromJenkins(jenkinsBody.parse(body), NOW);

  it('keeps a completed build, with the node its parameters name', () => {
    expect(parse(jenkinsBuild())).toMatchObject({
      job: {
        id: 'jenkins:api-integration#88',
        runner: 'agent-eu-2',
        labels: ['linux', 'docker', 'eu-west'],
        outcome: 'failure',
        startedAt: Date.parse('2026-03-02T11:30:00Z'),
        finishedAt: Date.parse('2026-03-02T11:40:00Z'),
      },
    });
  });

  it.each([
    ['SUCCESS', 'success'],
    ['UNSTABLE', 'failure'],
    ['ABORTED', 'cancelled'],
    ['NOT_BUILT', 'skipped'],
  ])('reads status %s as %s', (status, outcome) => {
    expect(parse(jenkinsBuild({ status }))).toMatchObject({ job: { outcome } });
  });

  it('keeps nothing of a build that only started', () => {
    expect(parse(jenkinsBuild({ phase: 'STARTED' }))).toMatchObject({ kind: 'ignored' });
  });
});

export function buildkiteJob(over: { state?: string; exit_status?: number | null; signal_reason?: string | null } = {}) {
  return {
    event: 'job.finished',
    job: {
      id: '0190b4a3-7c3e-4f6a-9a1c-2f1e8b2d9c10',
      graphql_id: 'Sm9iLS0t',
      type: 'script',
      name: ':rspec: specs',
      step_key: 'specs',
      state: over.state ?? 'passed',
      web_url: 'https://buildkite.com/acme/web/builds/77#0190b4a3',
      command: 'bin/rspec',
      soft_failed: false,
      exit_status: over.exit_status === undefined ? 0 : over.exit_status,
      signal_reason: over.signal_reason ?? null,
      agent_query_rules: ['queue=aws-us-east-2'],
      agent: { id: 'a1', name: 'i-0def-1', hostname: 'ip-10-0-0-1', meta_data: ['queue=aws-us-east-2', 'os=linux'] },
      created_at: '2026-03-02T11:40:00.000Z',
      scheduled_at: '2026-03-02T11:40:00.000Z',
      runnable_at: '2026-03-02T11:40:02.000Z',
      started_at: '2026-03-02T11:40:12.000Z',
      finished_at: '2026-03-02T11:45:12.000Z',
      retried: false,
    },
    build: { id: 'b1', number: 77, state: 'running' },
    pipeline: { id: 'p1', slug: 'web', name: 'Web' },
    sender: { id: 's1', name: 'Some Person' },
  };
}

describe('Buildkite job.finished and build.finished', () => {
  const parse = (body: unknown) => fromBuildkiteJob(buildkiteJobBody.parse(body), NOW);

  it('keeps a job with its agent tags as labels and its wait for an agent as queue time', () => {
    expect(parse(buildkiteJob())).toMatchObject({
      job: {
        id: 'buildkite:job:0190b4a3-7c3e-4f6a-9a1c-2f1e8b2d9c10',
        pipeline: 'web',
        job: ':rspec: specs',
        runner: 'i-0def-1',
        labels: ['queue=aws-us-east-2', 'os=linux'],
        outcome: 'success',
        queuedAt: Date.parse('2026-03-02T11:40:02Z'),
        startedAt: Date.parse('2026-03-02T11:40:12Z'),
      },
    });
  });

  it.each([
    [{ state: 'failed', exit_status: 1 }, 'failure', 'exit 1'],
    [{ state: 'failed', exit_status: -1 }, 'infra', 'agent_lost'],
    [{ state: 'timed_out', exit_status: null }, 'infra', 'timed_out'],
    [{ state: 'expired', exit_status: null }, 'infra', 'expired'],
    [{ state: 'canceled', exit_status: null, signal_reason: 'agent_stop' }, 'infra', 'agent_stop'],
    [{ state: 'canceled', exit_status: null, signal_reason: 'cancel' }, 'cancelled', null],
  ])('classifies %j as %s', (over, outcome, reason) => {
    expect(parse(buildkiteJob(over))).toMatchObject({ job: { outcome, reason } });
  });

  it('keeps a finished build as a pipeline', () => {
    const body = {
      event: 'build.finished',
      build: {
        id: 'b1',
        number: 77,
        state: 'failed',
        created_at: '2026-03-02T11:39:00Z',
        started_at: '2026-03-02T11:40:00Z',
        finished_at: '2026-03-02T11:46:00Z',
      },
      pipeline: { slug: 'web' },
    };
    expect(fromBuildkiteBuild(buildkiteBuildBody.parse(body), NOW)).toMatchObject({ job: { id: 'buildkite:build:b1', level: 'pipeline', outcome: 'failure' } });
  });
});

describe('the plain JSON form', () => {
  it('reads runner_lost as an infrastructure failure and keeps the id given', () => {
    const body = {
      id: 'nightly-31',
      pipeline: 'nightly',
      job: 'fuzz',
      runner: 'r9',
      labels: ['arm64'],
      status: 'runner_lost',
      finished_at: '2026-03-02T11:00:00Z',
    };
    expect(fromPlain(plainJob.parse(body))).toMatchObject({ job: { id: 'json:nightly-31', outcome: 'infra', reason: 'runner_lost', labels: ['arm64'] } });
  });

  it('refuses a field it does not know, rather than dropping it unseen', () => {
    expect(plainJob.safeParse({ pipeline: 'p', job: 'j', status: 'success', finished_at: 1, colour: 'red' }).success).toBe(false);
  });
});

describe('times as CI systems write them', () => {
  it.each([
    ['2026-03-02T11:00:00Z', Date.parse('2026-03-02T11:00:00Z')],
    ['2026-03-02T11:00:00.123+01:00', Date.parse('2026-03-02T10:00:00.123Z')],
    ['2026-03-02 11:00:00 UTC', Date.parse('2026-03-02T11:00:00Z')],
    ['2026-03-02 11:00:00 +0200', Date.parse('2026-03-02T09:00:00Z')],
    [1772449200000, 1772449200000],
    ['yesterday', undefined],
    [-5, undefined],
  ])('%s is %s', (text, ms) => expect(timeOf(text)).toBe(ms));
});
