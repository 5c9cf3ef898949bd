/**
 * One delivery per CI system in the shape its documentation gives (GitHub's webhook reference,
 * GitLab's webhook events page, the Jenkins Notification plugin, Buildkite's webhook and REST job
 * objects), written for tocsin's tests rather than copied, with the knobs the tests turn.
 */

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
