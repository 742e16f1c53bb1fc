package dev.berth.agent.launch;

import dev.berth.agent.cgroup.Cgroup;
import dev.berth.agent.cgroup.CgroupStats;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A cgroup that records how a launcher placed the container. */
class FakeCgroup implements Cgroup {
    final boolean threads;
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    FakeCgroup(boolean threads) {
        this.threads = threads;
    }

    @Override
    public String containerId() {
        return "c0ffee";
    }

    @Override
    public boolean placesThreads() {
        return threads;
    }

    @Override
    public void addThread(int tid) {
        events.add("addThread " + tid);
    }

    @Override
    public void returnThread(int tid) {
        events.add("returnThread " + tid);
    }

    @Override
    public void addProcess(int pid) {
        events.add("addProcess " + pid);
    }

    @Override
    public void limitPids() {
        events.add("limitPids");
    }

    @Override
    public boolean controlsDevices() {
        return threads;
    }

    @Override
    public List<Integer> processes() {
        return List.of();
    }

    @Override
    public CgroupStats stats() {
        return new CgroupStats(0, 0, 0, 0, -1);
    }

    @Override
    public long oomKills() {
        return 0;
    }

    @Override
    public void destroy() {
        events.add("destroy");
    }
}
