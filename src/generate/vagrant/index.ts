// The Vagrant part of `lab generate`: the Vagrantfile (VirtualBox and libvirt) and the base box facts.
export { generateVagrantfile, vagrantfileText, VAGRANTFILE } from "./vagrantfile.js";
export { BOXES, boxFor, type BoxInfo } from "./box.js";
export { rubyString } from "./ruby-string.js";
export { PROVISION_DIR } from "./vagrant-provision.js";
